package io.cardea.ops.deploy;

/** Something about a deployment an operator must fix; the message says what and how. */
public class DeploymentException extends RuntimeException {

    public DeploymentException(String message) {
        super(message);
    }

    public DeploymentException(String message, Throwable cause) {
        super(message, cause);
    }
}
