package io.cardea.ops.upgrade;

/** A step went wrong after the run had begun to change things: what is new is taken away again. */
final class RunFailure extends Exception {

    RunFailure(String reason) {
        super(reason);
    }

    RunFailure(String reason, Throwable cause) {
        super(reason, cause);
    }
}
