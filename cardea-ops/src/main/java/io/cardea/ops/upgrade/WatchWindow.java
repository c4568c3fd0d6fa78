package io.cardea.ops.upgrade;

import io.cardea.gateway.metrics.UpstreamFigures;
import java.time.Duration;
import java.util.Optional;

/**
 * The watch window's judgement: what the new release served through the gateway since the cut,
 * against what the old one served before it.
 *
 * @param maxErrorRateIncrease how far the error rate may rise, as a fraction (0.01: one point)
 * @param maxLatencyFactor how many times the p99 latency before the cut it may reach; under
 *     {@link #LATENCY_FLOOR_SECONDS} it is never held against the release, nor while fewer than
 *     {@link #MIN_SLOW_REQUESTS} requests were slower than that
 */
record WatchWindow(Duration length, double maxErrorRateIncrease, double maxLatencyFactor) {

    /** So few errors say nothing yet: one unlucky request must not roll an upgrade back. */
    static final int MIN_ERRORS = 3;
    /** A p99 over so few requests is noise. */
    static final int MIN_REQUESTS_FOR_LATENCY = 100;
    /**
     * So few slow requests say nothing yet: on a busy host one stall of a second or two delays every
     * request in flight at once, and after a hundred requests that alone is a p99.
     */
    static final int MIN_SLOW_REQUESTS = 10;
    static final double LATENCY_FLOOR_SECONDS = 1.0;

    /** Why the new release fails the window so far, or empty. */
    Optional<String> judge(UpstreamFigures since, UpstreamFigures before) {
        if (since.errors() >= MIN_ERRORS && since.errorRate() > before.errorRate() + maxErrorRateIncrease) {
            return Optional.of(String.format("error rate %.1f%% at the gateway since the cut (%d of %d requests), "
                            + "against %.1f%% before it; the limit is %.1f points more", 100 * since.errorRate(),
                    since.errors(), since.requests(), 100 * before.errorRate(), 100 * maxErrorRateIncrease));
        }
        if (since.requests() >= MIN_REQUESTS_FOR_LATENCY) {
            double p99 = since.latencyQuantileSeconds(0.99);
            double beforeP99 = before.latencyQuantileSeconds(0.99);
            double limit = Math.max(maxLatencyFactor * beforeP99, LATENCY_FLOOR_SECONDS);
            if (p99 > limit && slowerThan(since, limit) >= MIN_SLOW_REQUESTS) {
                return Optional.of(String.format("p99 latency at the gateway since the cut is up to %.3f s, against "
                        + "%.3f s before it; the limit is %.3f s (%.1f times, and never under %.1f s)", p99, beforeP99,
                        limit, maxLatencyFactor, LATENCY_FLOOR_SECONDS));
            }
        }
        return Optional.empty();
    }

    /** Requests in the latency buckets that reach above {@code seconds} (buckets are all the gateway keeps). */
    private static long slowerThan(UpstreamFigures figures, double seconds) {
        long slow = 0;
        for (int i = 0; i < figures.latencyCounts().length; i++) {
            if (i == UpstreamFigures.LATENCY_BUCKETS.length || UpstreamFigures.LATENCY_BUCKETS[i] > seconds) {
                slow += figures.latencyCounts()[i];
            }
        }
        return slow;
    }

    static String describe(UpstreamFigures figures) {
        return String.format("%d requests, %d errors, p99 ≤ %.3f s", figures.requests(), figures.errors(),
                figures.latencyQuantileSeconds(0.99));
    }
}
