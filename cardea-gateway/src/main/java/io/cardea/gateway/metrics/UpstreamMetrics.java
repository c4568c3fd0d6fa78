package io.cardea.gateway.metrics;

import java.net.URI;
import java.util.concurrent.atomic.LongAdder;

/** What one upstream URL has served, across every set it has been part of. */
public final class UpstreamMetrics {

    final LongAdder requests = new LongAdder();
    final LongAdder serverErrors = new LongAdder();
    final LongAdder proxyFailures = new LongAdder();
    final LatencyHistogram latency = new LatencyHistogram();

    /** The upstream answered with {@code status}. */
    public void answered(int status, long nanos) {
        requests.increment();
        if (status >= 500) {
            serverErrors.increment();
        }
        latency.record(nanos);
    }

    /** The exchange with the upstream failed: refused, reset, timed out. */
    public void failed(long nanos) {
        requests.increment();
        proxyFailures.increment();
        latency.record(nanos);
    }

    UpstreamFigures figures(URI url) {
        return new UpstreamFigures(url, requests.sum(), serverErrors.sum(), proxyFailures.sum(), latency.counts());
    }
}
