package io.cardea.bench;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How the measured migration went.
 *
 * @param backfillRows rows the backfill step went through
 * @param backfillRowsPerSecond the engine's own rate for that step, over its batches and pauses
 */
record MigrationResult(String label, Duration total, List<StepTiming> steps, long backfillRows,
        double backfillRowsPerSecond) {

    /**
     * One step, from its start to the next step's start (or the end of the migration), so the
     * progress the engine records after each step is counted in it.
     */
    record StepTiming(int number, String kind, String sql, long startNanos, long endNanos, int lockRetries) {

        Duration took() {
            return Duration.ofNanos(endNanos - startNanos);
        }
    }

    /** The step running at {@code nanos}, a {@link System#nanoTime()} reading, if any was. */
    Optional<StepTiming> stepAt(long nanos) {
        return steps.stream().filter(s -> nanos - s.startNanos() >= 0 && nanos - s.endNanos() < 0).findFirst();
    }
}
