package io.cardea.server.keys;

/** A rotation that would make tokens fail to verify somewhere; the message says when it becomes safe. */
public final class RotationRefused extends RuntimeException {

    RotationRefused(String message) {
        super(message, null, false, false);
    }
}
