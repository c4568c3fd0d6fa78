package io.cardea.migrate;

/** Where one migration stands on a database, compared with the release at hand. */
public enum MigrationState {
    APPLIED("applied"),
    PENDING("pending"),
    /** Its last run failed; a transactional migration left nothing behind and runs again. */
    FAILED("failed"),
    /** A step-by-step migration that started and has not finished: running now, or interrupted. */
    INCOMPLETE("incomplete"),
    /** Applied, but the file shipped now differs from the one that ran. */
    CHECKSUM_MISMATCH("checksum mismatch"),
    /** In the database, but not shipped by this release (a newer release applied it). */
    UNKNOWN("unknown to this release");

    private final String label;

    MigrationState(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Whether {@code cardea migrate up} or {@code contract} still has work to do for it. */
    public boolean needsRun() {
        return this == PENDING || this == FAILED || this == INCOMPLETE;
    }
}
