package io.cardea.bench;

import java.util.List;
import java.util.Locale;

/** Where the load stands relative to the migration; every request is counted in the phase it started in. */
enum Phase {
    /** First seconds of load, not reported: connections, server caches and the JIT settle. */
    WARMUP,
    BEFORE,
    DURING,
    AFTER;

    static final List<Phase> REPORTED = List.of(BEFORE, DURING, AFTER);

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
