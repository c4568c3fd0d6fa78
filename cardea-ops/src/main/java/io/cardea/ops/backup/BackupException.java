package io.cardea.ops.backup;

/** A backup, verification or restore that could not be done; the message says what to do. */
public class BackupException extends RuntimeException {

    public BackupException(String message) {
        super(message);
    }

    public BackupException(String message, Throwable cause) {
        super(message, cause);
    }
}
