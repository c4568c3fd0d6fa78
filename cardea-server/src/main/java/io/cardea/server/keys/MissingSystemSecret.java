package io.cardea.server.keys;

/** The system secret is missing, too short, or not the one the database's data was encrypted with. */
public final class MissingSystemSecret extends RuntimeException {

    MissingSystemSecret(String message) {
        super(message, null, false, false);
    }
}
