package io.cardea.server;

import java.util.concurrent.CountDownLatch;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** A started server. Closing it drains and stops it like a SIGTERM does. */
public final class RunningServer implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final CountDownLatch closed;
    private final boolean preparedAheadOfTime;

    RunningServer(ConfigurableApplicationContext context, CountDownLatch closed, boolean preparedAheadOfTime) {
        this.context = context;
        this.closed = closed;
        this.preparedAheadOfTime = preparedAheadOfTime;
    }

    public int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /**
     * Whether its beans were wired by the code the build generated (Spring AOT) rather than found by
     * reading its configuration at start.
     */
    public boolean preparedAheadOfTime() {
        return preparedAheadOfTime;
    }

    /** A part of the server, such as {@link io.cardea.server.identity.Registration}. */
    public <T> T part(Class<T> type) {
        return context.getBean(type);
    }

    /** Blocks until the server begins to shut down (on SIGTERM or {@link #close}). */
    public void awaitShutdown() throws InterruptedException {
        closed.await();
    }

    @Override
    public void close() {
        context.close();
    }
}
