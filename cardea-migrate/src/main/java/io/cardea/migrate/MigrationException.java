package io.cardea.migrate;

/**
 * An error an operator can hit. The message says what was found, what was expected, and what to
 * do about it.
 */
public class MigrationException extends RuntimeException {

    public MigrationException(String message) {
        super(message);
    }

    public MigrationException(String message, Throwable cause) {
        super(message, cause);
    }
}
