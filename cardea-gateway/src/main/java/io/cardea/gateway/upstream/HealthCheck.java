package io.cardea.gateway.upstream;

import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.jetty.client.HttpClient;

/**
 * Polls each member's {@code /health/ready}. Only a 200 counts as ready: a server that is starting,
 * shutting down or finds a schema it cannot run on answers otherwise and gets no traffic.
 */
public final class HealthCheck implements AutoCloseable {

    public static final String PATH = "/health/ready";
    // Independent of the interval: a short interval must not make a busy but healthy server look dead.
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    private final UpstreamSet upstreams;
    private final HttpClient client;
    private final Duration interval;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("cardea-gateway-health").daemon().factory());

    public HealthCheck(UpstreamSet upstreams, HttpClient client, Duration interval) {
        this.upstreams = upstreams;
        this.client = client;
        this.interval = interval;
    }

    public void start() {
        // Fixed delay, and each round waits for its probes: rounds never pile up on a slow server.
        timer.scheduleWithFixedDelay(this::checkMembers, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void checkMembers() {
        List<Upstream> members = upstreams.active();
        CompletableFuture.allOf(members.stream()
                .map(u -> probe(u.url()).thenAccept(u::probed))
                .toArray(CompletableFuture[]::new)).join();
    }

    /** Probes each of {@code urls} once, in parallel, and says which answered ready. */
    public Map<URI, Boolean> probeNow(Collection<URI> urls) {
        Map<URI, CompletableFuture<Upstream.Probe>> probes = urls.stream().distinct()
                .collect(Collectors.toMap(Function.identity(), this::probe));
        // A new member must prove it is ready: no answer counts as not ready here.
        return probes.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> e.getValue().join() == Upstream.Probe.READY));
    }

    private CompletableFuture<Upstream.Probe> probe(URI url) {
        var ready = new CompletableFuture<Upstream.Probe>();
        client.newRequest(url.resolve(PATH))
                .timeout(PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .send(result -> ready.complete(result.isSucceeded()
                        ? (result.getResponse().getStatus() == 200 ? Upstream.Probe.READY : Upstream.Probe.NOT_READY)
                        : result.getFailure() instanceof TimeoutException ? Upstream.Probe.NO_ANSWER
                        : Upstream.Probe.NOT_READY));
        return ready;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
