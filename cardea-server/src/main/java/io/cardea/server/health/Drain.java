package io.cardea.server.health;

import java.time.Duration;
import org.springframework.context.SmartLifecycle;

/**
 * The first step of a shutdown: readiness turns 503 and the server keeps serving for the drain
 * delay, so load balancers stop sending new requests before the port closes. It stops before the
 * web server's graceful shutdown, which then lets the requests in flight finish.
 */
final class Drain implements SmartLifecycle {

    private final ServingState state;
    private final Duration delay;
    private volatile boolean running;

    Drain(ServingState state, Duration delay) {
        this.state = state;
        this.delay = delay;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        state.startDraining();
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops first: web server shutdown runs in lower phases. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }
}
