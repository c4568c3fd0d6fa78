package io.cardea.ops.release;

/** A release or manifest problem an operator or a release author can hit; the message says what to do. */
public class ReleaseException extends RuntimeException {

    public ReleaseException(String message) {
        super(message);
    }

    public ReleaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
