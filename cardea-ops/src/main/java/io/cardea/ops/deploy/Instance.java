package io.cardea.ops.deploy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One {@code cardea serve} process of a release on a loopback port, restarted when it exits on its
 * own. After {@value #MAX_RESTARTS} restarts it is left failed: a release that cannot stay up must
 * be looked at, not restarted forever.
 */
final class Instance {

    static final int MAX_RESTARTS = 3;

    private final String id;
    private final ReleaseFolder release;
    private final int port;
    private final Path log;
    private final Supplier<Map<String, String>> environment;
    private Process process;
    private String state;
    private int restarts;

    private Instance(String id, ReleaseFolder release, int port, Path log, Supplier<Map<String, String>> environment) {
        this.id = id;
        this.release = release;
        this.port = port;
        this.log = log;
        this.environment = environment;
    }

    /** Starts {@code release} on a free loopback port; {@code environment} is read again at each restart. */
    static Instance start(String id, ReleaseFolder release, Path logs, Supplier<Map<String, String>> environment)
            throws IOException {
        var instance = new Instance(id, release, freePort(), logs.resolve("instance-" + id + "-" + release.version()
                + ".log"), environment);
        instance.launch();
        return instance;
    }

    private synchronized void launch() throws IOException {
        process = release.cardea(environment.get(), "serve", "--bind", "127.0.0.1", "--port", Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        state = InstanceView.RUNNING;
        Process launched = process;
        launched.onExit().thenRun(() -> exited(launched));
    }

    private void exited(Process which) {
        synchronized (this) {
            if (which != process) {
                return;
            }
            if (!state.equals(InstanceView.RUNNING)) {
                state = InstanceView.STOPPED;
                notifyAll();
                return;
            }
            if (restarts >= MAX_RESTARTS) {
                state = InstanceView.FAILED;
                System.err.println("cardea deploy: instance " + id + " (" + release.version() + ") exited with "
                        + which.exitValue() + " after " + restarts + " restarts; left stopped. Its log: " + log);
                return;
            }
            restarts++;
            System.err.println("cardea deploy: instance " + id + " (" + release.version() + ") exited with "
                    + which.exitValue() + "; restarting it (" + restarts + " of " + MAX_RESTARTS + "). Its log: " + log);
        }
        // A short pause, so a release that dies at once does not spin.
        CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS).execute(() -> {
            try {
                synchronized (this) {
                    if (state.equals(InstanceView.RUNNING)) {
                        launch();
                    }
                }
            } catch (IOException e) {
                synchronized (this) {
                    state = InstanceView.FAILED;
                }
                System.err.println("cardea deploy: instance " + id + " could not be restarted: " + e.getMessage());
            }
        });
    }

    /**
     * SIGTERM, so the server drains (ready turns 503, requests in flight finish) and exits; killed
     * if it has not exited after {@code patience}.
     */
    void stop(Duration patience) throws InterruptedException {
        Process current;
        synchronized (this) {
            if (state.equals(InstanceView.STOPPED) || state.equals(InstanceView.STOPPING)) {
                return;
            }
            state = InstanceView.STOPPING;
            current = process;
        }
        current.destroy();
        if (!current.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)) {
            System.err.println("cardea deploy: instance " + id + " did not stop within " + patience.toSeconds()
                    + "s of SIGTERM; killed");
            current.destroyForcibly().waitFor();
        }
        synchronized (this) {
            state = InstanceView.STOPPED;
        }
    }

    String id() {
        return id;
    }

    ReleaseFolder release() {
        return release;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    synchronized InstanceView view() {
        return new InstanceView(id, release.version(), url(), state, process.pid(), restarts, log.toString());
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
