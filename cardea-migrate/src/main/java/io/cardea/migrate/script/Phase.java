package io.cardea.migrate.script;

import java.util.Locale;

/** When a migration may run relative to the roll-out of the release that ships it. */
public enum Phase {
    /** Backward compatible: runs before the new release is deployed, while the old one still serves. */
    EXPAND,
    /** Removes what only the previous release needed: runs once no instance of it is left. */
    CONTRACT;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Phase parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "expand" -> EXPAND;
            case "contract" -> CONTRACT;
            default -> throw new IllegalArgumentException("unknown phase '" + text + "': use expand or contract");
        };
    }
}
