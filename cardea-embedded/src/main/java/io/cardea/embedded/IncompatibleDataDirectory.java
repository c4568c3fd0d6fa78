package io.cardea.embedded;

/** A data folder made by another PostgreSQL major version than the one Cardea embeds. */
public final class IncompatibleDataDirectory extends IllegalStateException {

    IncompatibleDataDirectory(String message) {
        super(message);
    }
}
