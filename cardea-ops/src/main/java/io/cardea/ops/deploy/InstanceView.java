package io.cardea.ops.deploy;

import java.net.URI;

/**
 * A server instance as the supervisor reports it.
 *
 * @param state {@code running} (its process is up; readiness is for {@code /health/ready} to say),
 *     {@code stopping}, {@code stopped}, or {@code failed} (it kept exiting and is no longer restarted)
 * @param restarts how often the supervisor has restarted it after it exited on its own
 */
public record InstanceView(String id, String release, URI url, String state, long pid, int restarts, String log) {

    public static final String RUNNING = "running";
    public static final String STOPPING = "stopping";
    public static final String STOPPED = "stopped";
    public static final String FAILED = "failed";

    public boolean running() {
        return RUNNING.equals(state);
    }
}
