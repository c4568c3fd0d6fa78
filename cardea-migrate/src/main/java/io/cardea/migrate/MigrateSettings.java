package io.cardea.migrate;

import java.time.Duration;

/**
 * How migrations run against live traffic.
 *
 * @param lockTimeout how long one statement may wait for a table lock before it gives up and is
 *     retried; short, so a migration never queues live queries behind it for long
 * @param statementTimeout how long one statement may run; zero for no limit
 * @param lockAttempts how many times a statement that could not get its lock is tried in all
 * @param retryDelay the first pause before a retry; it doubles each time, with jitter
 * @param maxRetryDelay the longest pause between two tries
 * @param backfillBatchSize when set, overrides the batch size every backfill declares
 * @param backfillPause when set, overrides the pause every backfill declares
 */
public record MigrateSettings(Duration lockTimeout, Duration statementTimeout, int lockAttempts, Duration retryDelay,
        Duration maxRetryDelay, Integer backfillBatchSize, Duration backfillPause) {

    public static final MigrateSettings DEFAULTS = new MigrateSettings(Duration.ofSeconds(1), Duration.ZERO, 30,
            Duration.ofMillis(250), Duration.ofSeconds(10), null, null);

    public MigrateSettings {
        if (lockTimeout.isNegative() || lockTimeout.isZero()) {
            throw new IllegalArgumentException("lock timeout must be positive: without it a migration can queue "
                    + "live traffic behind it");
        }
        if (lockAttempts < 1) {
            throw new IllegalArgumentException("lock attempts must be at least 1");
        }
    }

    public MigrateSettings withLockTimeout(Duration value) {
        return new MigrateSettings(value, statementTimeout, lockAttempts, retryDelay, maxRetryDelay,
                backfillBatchSize, backfillPause);
    }

    public MigrateSettings withStatementTimeout(Duration value) {
        return new MigrateSettings(lockTimeout, value, lockAttempts, retryDelay, maxRetryDelay, backfillBatchSize,
                backfillPause);
    }

    public MigrateSettings withLockAttempts(int value) {
        return new MigrateSettings(lockTimeout, statementTimeout, value, retryDelay, maxRetryDelay, backfillBatchSize,
                backfillPause);
    }

    public MigrateSettings withRetryDelays(Duration first, Duration max) {
        return new MigrateSettings(lockTimeout, statementTimeout, lockAttempts, first, max, backfillBatchSize,
                backfillPause);
    }

    public MigrateSettings withBackfill(Integer batchSize, Duration pause) {
        return new MigrateSettings(lockTimeout, statementTimeout, lockAttempts, retryDelay, maxRetryDelay, batchSize,
                pause);
    }
}
