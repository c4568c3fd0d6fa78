package io.cardea.gateway.metrics;

import java.net.URI;
import java.util.Arrays;
import java.util.Collection;

/**
 * What one upstream URL has served since the gateway started: a snapshot of its counters, which
 * two snapshots subtract into what it served in between.
 *
 * @param latencyCounts requests per latency bucket ({@link #LATENCY_BUCKETS}, in seconds), not
 *     cumulative; one more entry at the end counts those slower than the last bucket
 */
public record UpstreamFigures(URI url, long requests, long serverErrors, long proxyFailures, long[] latencyCounts) {

    public static final double[] LATENCY_BUCKETS = LatencyHistogram.BUCKETS.clone();

    public UpstreamFigures {
        if (latencyCounts.length != LATENCY_BUCKETS.length + 1) {
            throw new IllegalArgumentException("expected " + (LATENCY_BUCKETS.length + 1) + " latency counts, got "
                    + latencyCounts.length);
        }
        latencyCounts = latencyCounts.clone();
    }

    /** Nothing served yet, under the name {@code url}. */
    public static UpstreamFigures none(URI url) {
        return new UpstreamFigures(url, 0, 0, 0, new long[LATENCY_BUCKETS.length + 1]);
    }

    /** Answers with status 5xx and exchanges that failed. */
    public long errors() {
        return serverErrors + proxyFailures;
    }

    public double errorRate() {
        return requests == 0 ? 0 : (double) errors() / requests;
    }

    /** What was served after {@code earlier}, a snapshot of the same URL. */
    public UpstreamFigures since(UpstreamFigures earlier) {
        long[] counts = new long[latencyCounts.length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = latencyCounts[i] - earlier.latencyCounts[i];
        }
        return new UpstreamFigures(url, requests - earlier.requests, serverErrors - earlier.serverErrors,
                proxyFailures - earlier.proxyFailures, counts);
    }

    /** Several upstreams' figures added up, named {@code name}. */
    public static UpstreamFigures sum(URI name, Collection<UpstreamFigures> figures) {
        UpstreamFigures total = none(name);
        for (UpstreamFigures f : figures) {
            long[] counts = total.latencyCounts.clone();
            for (int i = 0; i < counts.length; i++) {
                counts[i] += f.latencyCounts[i];
            }
            total = new UpstreamFigures(name, total.requests + f.requests, total.serverErrors + f.serverErrors,
                    total.proxyFailures + f.proxyFailures, counts);
        }
        return total;
    }

    /**
     * The latency under which {@code quantile} of the requests finished, as the upper bound of the
     * bucket it falls in (buckets are all the gateway keeps); infinite when it falls above the last
     * bucket, zero when nothing was served.
     */
    public double latencyQuantileSeconds(double quantile) {
        long total = Arrays.stream(latencyCounts).sum();
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(quantile * total);
        long seen = 0;
        for (int i = 0; i < LATENCY_BUCKETS.length; i++) {
            seen += latencyCounts[i];
            if (seen >= rank) {
                return LATENCY_BUCKETS[i];
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UpstreamFigures f && url.equals(f.url) && requests == f.requests
                && serverErrors == f.serverErrors && proxyFailures == f.proxyFailures
                && Arrays.equals(latencyCounts, f.latencyCounts);
    }

    @Override
    public int hashCode() {
        return url.hashCode() * 31 + Long.hashCode(requests);
    }

    @Override
    public String toString() {
        return url + ": " + requests + " requests, " + errors() + " errors";
    }
}
