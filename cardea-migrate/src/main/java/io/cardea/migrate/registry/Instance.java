package io.cardea.migrate.registry;

import java.time.Instant;

/**
 * One running Cardea server as it registered itself: which release it runs, where it listens, and
 * when it last said it was alive.
 */
public record Instance(String id, String release, String baseUrl, long pid, String host, InstanceState state,
        Instant startedAt, Instant heartbeatAt) {

    /** One line for an operator: enough to find the process. */
    public String describe() {
        return release + " at " + baseUrl + " (" + state.label() + ", pid " + pid + " on " + host + ", last heartbeat "
                + heartbeatAt + ")";
    }
}
