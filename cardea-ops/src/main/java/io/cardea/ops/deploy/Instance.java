package io.cardea.ops.deploy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * One {@code cardea serve} process of a release on a loopback port, restarted when it exits on its
 * own. After {@value #MAX_RESTARTS} restarts it is left failed: a release that cannot stay up must
 * be looked at, not restarted forever.
 *
 * <p>An instance started beside serving ones (an upgrade's) starts at a lower CPU priority
 * ({@code nice} {@value #STARTING_NICENESS}): its JVM starting and compiling then takes the cores only
 * when the serving instances leave them. {@link #serve()} gives it the normal priority back once it
 * takes users' traffic.
 */
final class Instance {

    static final int MAX_RESTARTS = 3;
    static final int STARTING_NICENESS = 10;

    private final String id;
    private final ReleaseFolder release;
    private final int port;
    private final Path log;
    private final Supplier<Map<String, String>> environment;
    private Process process;
    private String state;
    private int restarts;
    private boolean background;

    private Instance(String id, ReleaseFolder release, int port, Path log, Supplier<Map<String, String>> environment) {
        this.id = id;
        this.release = release;
        this.port = port;
        this.log = log;
        this.environment = environment;
    }

    /**
     * Starts {@code release} on a free loopback port; {@code environment} is read again at each
     * restart. {@code background}: at the lower priority, until {@link #serve()}.
     */
    static Instance start(String id, ReleaseFolder release, Path logs, Supplier<Map<String, String>> environment,
            boolean background) throws IOException {
        var instance = new Instance(id, release, freePort(), logs.resolve("instance-" + id + "-" + release.version()
                + ".log"), environment);
        instance.background = background;
        instance.launch();
        return instance;
    }

    private synchronized void launch() throws IOException {
        ProcessBuilder command = release.cardea(environment.get(), "serve", "--bind", "127.0.0.1", "--port",
                Integer.toString(port));
        if (background) {
            command.command().addAll(0, List.of("nice", "-n", Integer.toString(STARTING_NICENESS)));
        }
        process = command.redirectErrorStream(true)
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

    /**
     * The instance takes users' traffic: every thread of its JVM back to the normal priority (Linux
     * keeps a priority per thread). Raising a priority needs CAP_SYS_NICE or an RLIMIT_NICE that allows
     * it (systemd: {@code LimitNICE=0}); without, the instance keeps the lower one and this says why.
     *
     * @return empty, or why the priority could not be raised
     */
    Optional<String> serve() throws IOException, InterruptedException {
        long pid;
        synchronized (this) {
            if (!background) {
                return Optional.empty();
            }
            background = false;
            pid = process.pid();
        }
        List<String> command = new ArrayList<>(List.of("renice", "-n", "0", "-p"));
        try (Stream<Path> threads = Files.list(Path.of("/proc/" + pid + "/task"))) {
            threads.forEach(t -> command.add(t.getFileName().toString()));
        }
        Process renice = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(renice.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (renice.waitFor() != 0) {
            return Optional.of("instance " + id + " keeps CPU priority nice " + STARTING_NICENESS + " (renice: "
                    + output.lines().findFirst().orElse("failed") + "); allow it with CAP_SYS_NICE or LimitNICE=0");
        }
        return Optional.empty();
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
