package io.cardea.bench;

import java.util.Map;

/**
 * The requests of one phase. Latencies are in nanoseconds; the phase's bounds and the start of its
 * slowest request are {@link System#nanoTime()} readings, so they can be set against the
 * migration's steps. {@code migrationLockWait}: the longest a request was seen waiting on a lock
 * the migration held ({@link MigrationLockWatch}).
 */
record PhaseStats(Phase phase, long startNanos, long endNanos, long requests, long errors, long p50, long p99,
        long max, long slowestStartNanos, long migrationLockWait, Map<String, Long> errorKinds) {

    double seconds() {
        return (endNanos - startNanos) / 1e9;
    }

    double throughput() {
        return seconds() > 0 ? requests / seconds() : 0;
    }

    /** How far into the phase its slowest request started. */
    double slowestOffsetSeconds() {
        return (slowestStartNanos - startNanos) / 1e9;
    }

    static double millis(long nanos) {
        return nanos / 1e6;
    }
}
