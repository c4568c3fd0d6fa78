package io.cardea.gateway.metrics;

import io.cardea.gateway.upstream.UpstreamView;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;

/** The gateway's counters, served as Prometheus text on the admin port. */
public final class GatewayMetrics {

    public static final String CONTENT_TYPE = PrometheusText.CONTENT_TYPE;

    private final LongAdder requests = new LongAdder();
    private final LongAdder rateLimited = new LongAdder();
    private final LongAdder noUpstream = new LongAdder();
    private final LongAdder retries = new LongAdder();
    // Sorted so the text output is stable from one scrape to the next.
    private final Map<URI, UpstreamMetrics> upstreams = new ConcurrentSkipListMap<>();

    public void request() {
        requests.increment();
    }

    public void rateLimited() {
        rateLimited.increment();
    }

    public void noUpstream() {
        noUpstream.increment();
    }

    public void retry() {
        retries.increment();
    }

    public UpstreamMetrics upstream(URI url) {
        return upstreams.computeIfAbsent(url, u -> new UpstreamMetrics());
    }

    /** What every upstream URL has served so far, for a program comparing before and after (the upgrade's watch window). */
    public List<UpstreamFigures> figures() {
        return upstreams.entrySet().stream().map(e -> e.getValue().figures(e.getKey())).toList();
    }

    /** The whole exposition; {@code current} supplies the health and in-flight gauges. */
    public String render(List<UpstreamView> current) {
        var out = new PrometheusText();
        out.family("cardea_gateway_requests_total", "counter", "Client requests handed to the proxy (rate-limited ones are counted apart).")
                .sample("cardea_gateway_requests_total", "", requests.sum());
        out.family("cardea_gateway_rate_limited_total", "counter", "Requests refused with 429 by the sign-in and token rate limit.")
                .sample("cardea_gateway_rate_limited_total", "", rateLimited.sum());
        out.family("cardea_gateway_no_upstream_total", "counter", "Requests answered 503 because no upstream was healthy.")
                .sample("cardea_gateway_no_upstream_total", "", noUpstream.sum());
        out.family("cardea_gateway_retries_total", "counter", "Requests sent again to another upstream after a connection that never carried them failed.")
                .sample("cardea_gateway_retries_total", "", retries.sum());

        out.family("cardea_gateway_upstream_requests_total", "counter", "Requests sent to an upstream, retried attempts included.");
        upstreams.forEach((url, m) -> out.sample("cardea_gateway_upstream_requests_total", upstreamLabel(url), m.requests.sum()));
        out.family("cardea_gateway_upstream_errors_total", "counter", "Upstream answers with status 5xx (kind=\"5xx\") and exchanges that failed (kind=\"proxy\").");
        upstreams.forEach((url, m) -> {
            out.sample("cardea_gateway_upstream_errors_total", upstreamLabel(url) + ",kind=\"5xx\"", m.serverErrors.sum());
            out.sample("cardea_gateway_upstream_errors_total", upstreamLabel(url) + ",kind=\"proxy\"", m.proxyFailures.sum());
        });
        out.family("cardea_gateway_upstream_request_duration_seconds", "histogram", "Time from picking an upstream to the end of its answer.");
        upstreams.forEach((url, m) -> m.latency.write(out, "cardea_gateway_upstream_request_duration_seconds", upstreamLabel(url)));

        out.family("cardea_gateway_upstream_in_flight", "gauge", "Requests an upstream is serving now.");
        current.forEach(v -> out.sample("cardea_gateway_upstream_in_flight", upstreamLabel(v.url()) + "," + PrometheusText.label("state", v.state()), v.inFlight()));
        out.family("cardea_gateway_upstream_healthy", "gauge", "1 when the upstream's last readiness check passed.");
        current.forEach(v -> out.sample("cardea_gateway_upstream_healthy", upstreamLabel(v.url()) + "," + PrometheusText.label("state", v.state()), v.healthy() ? 1 : 0));
        return out.toString();
    }

    private static String upstreamLabel(URI url) {
        return PrometheusText.label("upstream", url.toString());
    }
}
