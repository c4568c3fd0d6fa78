package io.cardea.upgrade;

/**
 * A step of a release crossing that did not go as the contract says. Its message is the break's
 * detail: the request, what was expected and what came back (status, error code), never a token
 * or a secret.
 */
final class Broken extends Exception {

    Broken(String detail) {
        // The detail says all there is: where in the test it was thrown would only be noise.
        super(detail, null, false, false);
    }
}
