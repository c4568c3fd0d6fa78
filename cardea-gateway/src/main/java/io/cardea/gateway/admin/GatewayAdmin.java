package io.cardea.gateway.admin;

import io.cardea.gateway.metrics.UpstreamFigures;
import io.cardea.gateway.upstream.UpstreamView;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.util.ajax.JSON;

/**
 * A client of a gateway's admin API, for the upgrade orchestrator: switch the upstream set, wait
 * for an old instance to drain before stopping it, read the state.
 */
public final class GatewayAdmin {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final URI admin;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** {@code admin} is the admin port's base URL, e.g. {@code http://127.0.0.1:8089}. */
    public GatewayAdmin(URI admin, String token) {
        this.admin = admin;
        this.authorization = "Bearer " + token.strip();
    }

    /** The gateway refused a call; {@code error} is its machine-readable code. */
    public static final class Refused extends IOException {
        private final int status;
        private final String error;

        Refused(int status, String error, String message) {
            super("gateway admin API answered " + status + " " + error + ": " + message);
            this.status = status;
            this.error = error;
        }

        public int status() {
            return status;
        }

        public String error() {
            return error;
        }
    }

    public List<UpstreamView> upstreams() throws IOException, InterruptedException {
        return UpstreamsJson.readViews(call(request("/upstreams", CALL_TIMEOUT).GET()));
    }

    /** Replaces the whole set at once and returns the gateway's view after the switch. */
    public List<UpstreamView> replaceUpstreams(List<URI> urls) throws IOException, InterruptedException {
        var put = request("/upstreams", CALL_TIMEOUT)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(UpstreamsJson.writeSet(urls)));
        return UpstreamsJson.readViews(call(put));
    }

    /** Waits up to {@code timeout} for a removed upstream's last request to finish; true once it has. */
    public boolean awaitDrained(URI upstream, Duration timeout) throws IOException, InterruptedException {
        String query = "?upstream=" + URLEncoder.encode(upstream.toString(), StandardCharsets.UTF_8)
                + "&wait=" + timeout.toMillis() + "ms";
        Map<?, ?> answer = (Map<?, ?>) new JSON().fromJSON(call(request("/upstreams/drained" + query, timeout.plus(CALL_TIMEOUT)).GET()));
        return Boolean.TRUE.equals(answer.get("drained"));
    }

    /** The Prometheus text the gateway serves. */
    public String metrics() throws IOException, InterruptedException {
        return call(request("/metrics", CALL_TIMEOUT).GET());
    }

    /** What each upstream URL has served since the gateway started, removed ones included. */
    public List<UpstreamFigures> upstreamFigures() throws IOException, InterruptedException {
        return UpstreamsJson.readFigures(call(request("/metrics/upstreams", CALL_TIMEOUT).GET()));
    }

    private HttpRequest.Builder request(String path, Duration timeout) {
        return HttpRequest.newBuilder(admin.resolve(path)).timeout(timeout).header("Authorization", authorization);
    }

    private String call(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            Object body = response.body().isBlank() ? null : new JSON().fromJSON(response.body());
            Map<?, ?> error = body instanceof Map<?, ?> m ? m : Map.of();
            throw new Refused(response.statusCode(), String.valueOf(error.get("error")), String.valueOf(error.get("message")));
        }
        return response.body();
    }
}
