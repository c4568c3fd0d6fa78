package io.cardea.bench;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What happened to the requests of one phase: each one's latency, and the errors. One recorder
 * belongs to one client thread, so recording takes no lock; the recorders are merged once the load
 * has stopped. Every latency is kept (16 bytes a request at most) so percentiles are exact.
 */
final class LatencyRecorder {

    private long[] latencies = new long[1 << 14];
    private int count;
    private long maxLatency = -1;
    private long maxStart;
    private long errors;
    private final Map<String, Long> errorKinds = new TreeMap<>();

    void record(long startNanos, long latencyNanos) {
        if (count == latencies.length) {
            latencies = Arrays.copyOf(latencies, Math.max(16, count * 2));
        }
        latencies[count++] = latencyNanos;
        if (latencyNanos > maxLatency) {
            maxLatency = latencyNanos;
            maxStart = startNanos;
        }
    }

    void recordError(Exception e) {
        errors++;
        errorKinds.merge(kind(e), 1L, Long::sum);
    }

    static LatencyRecorder merge(Collection<LatencyRecorder> recorders) {
        LatencyRecorder all = new LatencyRecorder();
        all.latencies = new long[recorders.stream().mapToInt(r -> r.count).sum()];
        for (LatencyRecorder r : recorders) {
            System.arraycopy(r.latencies, 0, all.latencies, all.count, r.count);
            all.count += r.count;
            if (r.maxLatency > all.maxLatency) {
                all.maxLatency = r.maxLatency;
                all.maxStart = r.maxStart;
            }
            all.errors += r.errors;
            r.errorKinds.forEach((kind, n) -> all.errorKinds.merge(kind, n, Long::sum));
        }
        return all;
    }

    /**
     * The figures of this phase, which ran from {@code startNanos} to {@code endNanos}, in which the
     * longest wait on the migration's locks was {@code lockWaitNanos}.
     */
    PhaseStats stats(Phase phase, long startNanos, long endNanos, long lockWaitNanos) {
        long[] sorted = Arrays.copyOf(latencies, count);
        Arrays.sort(sorted);
        return new PhaseStats(phase, startNanos, endNanos, count, errors, percentile(sorted, 0.50),
                percentile(sorted, 0.99), Math.max(maxLatency, 0), maxStart, lockWaitNanos, Collections.unmodifiableMap(new TreeMap<>(errorKinds)));
    }

    /** Nearest-rank percentile: the smallest latency that at least {@code p} of the requests did not exceed. */
    private static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }

    private static String kind(Exception e) {
        String message = String.valueOf(e.getMessage()).strip().lines().findFirst().orElse("");
        String state = e instanceof SQLException sql && sql.getSQLState() != null ? " [" + sql.getSQLState() + "]" : "";
        return e.getClass().getSimpleName() + state + ": " + message;
    }
}
