package io.cardea.server.keys;

/** No signing key has the kid asked for. */
public final class UnknownKey extends RuntimeException {

    UnknownKey(String kid) {
        super("no signing key " + kid + ": `cardea keys list` shows those there are", null, false, false);
    }
}
