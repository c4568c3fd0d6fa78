package io.cardea.ops.ledger;

/** The deployment ledger could not be read or written; the message says why. */
public final class LedgerException extends RuntimeException {

    public LedgerException(String message) {
        super(message);
    }

    public LedgerException(String message, Throwable cause) {
        super(message, cause);
    }
}
