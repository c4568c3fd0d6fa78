package io.cardea.migrate.registry;

import java.util.Locale;

/** Where a server is in its life, as it tells the registry. */
public enum InstanceState {
    /** Listening, not yet ready for traffic. */
    STARTING,
    /** Ready: taking traffic. */
    SERVING,
    /** Shutting down: finishing the requests in flight. */
    DRAINING;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static InstanceState of(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
