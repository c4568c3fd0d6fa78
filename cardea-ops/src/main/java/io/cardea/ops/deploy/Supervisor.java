package io.cardea.ops.deploy;

import io.cardea.gateway.Gateway;
import io.cardea.gateway.GatewaySettings;
import io.cardea.gateway.admin.AdminToken;
import io.cardea.gateway.admin.GatewayAdmin;
import io.cardea.gateway.ratelimit.RateLimit;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code cardea deploy start}: runs a deployment in the foreground. The gateway runs in this
 * process; each server instance is a child process on a loopback port, restarted when it exits on
 * its own. {@code cardea upgrade run} asks it, through its control endpoint, to start and stop
 * instances, and switches the gateway itself through the gateway's admin API.
 */
public final class Supervisor implements AutoCloseable {

    /** How long a stopped instance has to drain and exit before it is killed. */
    static final Duration STOP_PATIENCE = Duration.ofSeconds(60);

    private final Deployment deployment;
    private final Gateway gateway;
    private final Map<String, Instance> instances = new LinkedHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger();
    private ControlEndpoint control;

    /** Without instances yet; {@link #start} starts them (and the control endpoint's test needs none). */
    Supervisor(Deployment deployment, Gateway gateway) {
        this.deployment = deployment;
        this.gateway = gateway;
    }

    /** Starts the gateway, the control endpoint and the current release's instances, and puts them behind the gateway. */
    public static Supervisor start(Deployment deployment, PrintWriter out) throws Exception {
        DeploymentConfig config = deployment.config();
        String current = deployment.currentRelease().orElseThrow(() -> new DeploymentException("no release is "
                + "installed in " + deployment.dir() + ": `cardea deploy install " + deployment.dir() + " FOLDER`"));
        var loopback = InetAddress.getLoopbackAddress();
        var settings = new GatewaySettings(listenAddress(config), new InetSocketAddress(loopback, 0), List.of(),
                Duration.ofMillis(500), Duration.ofSeconds(30),
                new RateLimit(config.number(DeploymentConfig.GATEWAY_RATE_LIMIT, 5),
                        config.number(DeploymentConfig.GATEWAY_RATE_BURST, 10), RateLimit.DEFAULT_PATHS),
                Set.of(), new AdminToken(deployment.gatewayToken()), config.balancing());
        var supervisor = new Supervisor(deployment, Gateway.start(settings));
        try {
            supervisor.control = ControlEndpoint.start(supervisor, new AdminToken(deployment.controlToken()));
            int count = config.number(DeploymentConfig.INSTANCES, 2);
            out.println("Starting " + count + " instance(s) of " + current + "...");
            out.flush();
            List<Instance> started = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                started.add(supervisor.startInstance(current, false));
            }
            List<URI> urls = started.stream().map(Instance::url).toList();
            Readiness.await(urls, Duration.ofMinutes(3), supervisor::instance);
            new GatewayAdmin(supervisor.gateway.adminAddress(), deployment.gatewayToken()).replaceUpstreams(urls);
            deployment.recordEndpoints(new Deployment.Endpoints(supervisor.gateway.address(),
                    supervisor.gateway.adminAddress(), supervisor.control.address()));
            out.println("Cardea " + current + " is serving on " + supervisor.gateway.address() + " (" + count
                    + " instance(s); gateway admin API on " + supervisor.gateway.adminAddress() + ", control endpoint on "
                    + supervisor.control.address() + ")");
            out.flush();
            return supervisor;
        } catch (Exception | Error e) {
            supervisor.close();
            throw e;
        }
    }

    private static InetSocketAddress listenAddress(DeploymentConfig config) {
        String hostPort = config.get(DeploymentConfig.GATEWAY_LISTEN).orElse("127.0.0.1:8080");
        int colon = hostPort.lastIndexOf(':');
        try {
            return new InetSocketAddress(hostPort.substring(0, colon).replace("[", "").replace("]", ""),
                    Integer.parseInt(hostPort.substring(colon + 1)));
        } catch (RuntimeException e) {
            throw new DeploymentException(DeploymentConfig.GATEWAY_LISTEN + " must be HOST:PORT, got '" + hostPort + "'");
        }
    }

    /**
     * Starts one instance of an installed release; it is ready when its {@code /health/ready} says so.
     * {@code background}: beside serving instances, at a lower CPU priority until {@link #serveInstance}.
     */
    synchronized Instance startInstance(String version, boolean background) throws IOException {
        ReleaseFolder release = deployment.release(version);
        String id = "i" + nextId.incrementAndGet();
        Instance instance = Instance.start(id, release, deployment.logs(), deployment::serverEnvironment, background);
        instances.put(id, instance);
        return instance;
    }

    /** The instance takes users' traffic: its normal CPU priority back; null when there is no such instance. */
    Optional<String> serveInstance(String id) throws IOException, InterruptedException {
        Instance instance;
        synchronized (this) {
            instance = instances.get(id);
        }
        return instance == null ? null : instance.serve();
    }

    /** Stops an instance (SIGTERM: it drains, then exits) and forgets it. */
    InstanceView stopInstance(String id) throws InterruptedException {
        Instance instance;
        synchronized (this) {
            instance = instances.get(id);
        }
        if (instance == null) {
            return null;
        }
        instance.stop(STOP_PATIENCE);
        synchronized (this) {
            instances.remove(id);
        }
        return instance.view();
    }

    synchronized List<InstanceView> instances() {
        return instances.values().stream().map(Instance::view).toList();
    }

    synchronized InstanceView instance(URI url) {
        return instances.values().stream().filter(i -> i.url().equals(url)).map(Instance::view).findFirst().orElse(null);
    }

    String currentRelease() {
        return deployment.currentRelease().orElse("");
    }

    void makeCurrent(String version) {
        deployment.makeCurrent(version);
    }

    public URI address() {
        return gateway.address();
    }

    /** Blocks until the process is asked to stop. */
    public void join() throws InterruptedException {
        gateway.join();
    }

    /** Stops every instance (each drains first), then the control endpoint and the gateway. */
    @Override
    public void close() throws Exception {
        List<Instance> running;
        synchronized (this) {
            running = List.copyOf(instances.values());
        }
        CompletableFuture.allOf(running.stream().map(i -> CompletableFuture.runAsync(() -> {
            try {
                i.stop(STOP_PATIENCE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        })).toArray(CompletableFuture[]::new)).join();
        if (control != null) {
            control.close();
        }
        gateway.close();
    }
}
