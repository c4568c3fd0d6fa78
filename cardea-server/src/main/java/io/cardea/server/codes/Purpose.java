package io.cardea.server.codes;

/** What a one-time code proves when it comes back; stored by name. */
public enum Purpose {
    /** That a person receives mail at the address. */
    VERIFY_EMAIL("verify-email"),
    /** That a person who forgot the password receives the account's mail. */
    RECOVERY("recovery"),
    /** That the new address a signed-in person gave receives mail, before it replaces the old one. */
    CHANGE_EMAIL("change-email");

    private final String stored;

    Purpose(String stored) {
        this.stored = stored;
    }

    /** The name in the database, the outbox and the logs. */
    public String stored() {
        return stored;
    }
}
