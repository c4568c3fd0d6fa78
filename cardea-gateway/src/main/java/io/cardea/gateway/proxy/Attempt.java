package io.cardea.gateway.proxy;

import io.cardea.gateway.metrics.UpstreamMetrics;
import io.cardea.gateway.upstream.Upstream;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/** One try at sending a client's request to one upstream. */
final class Attempt {

    private final Upstream upstream;
    private final Set<Upstream> triedBefore;
    private final UpstreamMetrics metrics;
    private final long started = System.nanoTime();
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile boolean connected;

    Attempt(Upstream upstream, Set<Upstream> triedBefore, UpstreamMetrics metrics) {
        this.upstream = upstream;
        this.triedBefore = triedBefore;
        this.metrics = metrics;
    }

    Upstream upstream() {
        return upstream;
    }

    /** The HTTP client has a connection for the request and starts writing it. */
    void connected() {
        connected = true;
    }

    /**
     * True when not one byte of the request can have reached the upstream: the client never got
     * a connection to write it on (refused, connect timeout, queue full).
     */
    boolean provablyUnsent() {
        return !connected;
    }

    Set<Upstream> triedSoFar() {
        Set<Upstream> tried = new HashSet<>(triedBefore);
        tried.add(upstream);
        return tried;
    }

    void answered(int status) {
        if (end()) {
            metrics.answered(status, System.nanoTime() - started);
        }
    }

    void failed() {
        if (end()) {
            metrics.failed(System.nanoTime() - started);
        }
    }

    // Both the response and the failure path of the proxy may report the same attempt; count it once.
    private boolean end() {
        if (!ended.compareAndSet(false, true)) {
            return false;
        }
        upstream.release();
        return true;
    }
}
