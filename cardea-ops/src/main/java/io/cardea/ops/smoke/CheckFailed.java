package io.cardea.ops.smoke;

/** A check found something wrong; the message is the reason shown to the operator, never a secret. */
final class CheckFailed extends Exception {

    CheckFailed(String reason) {
        super(reason, null, false, false);
    }
}
