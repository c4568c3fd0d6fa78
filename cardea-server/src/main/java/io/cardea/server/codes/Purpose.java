package io.cardea.server.codes;

/** What a one-time code proves when it comes back; stored by name. */
public enum Purpose {
    /** That a person receives mail at the address. */
    VERIFY_EMAIL("verify-email"),
    /** That a person who forgot the password receives the account's mail. */
    RECOVERY("recovery");

    private final String stored;

    Purpose(String stored) {
        this.stored = stored;
    }

    /** The name in the database, the outbox and the logs. */
    public String stored() {
        return stored;
    }
}
