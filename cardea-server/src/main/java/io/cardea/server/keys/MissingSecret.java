package io.cardea.server.keys;

/** A secret setting is missing, too short, or not the value the data was protected with. */
public final class MissingSecret extends RuntimeException {

    MissingSecret(String message) {
        super(message, null, false, false);
    }
}
