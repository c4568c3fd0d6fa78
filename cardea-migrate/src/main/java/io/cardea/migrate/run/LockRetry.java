package io.cardea.migrate.run;

import io.cardea.migrate.MigrateSettings;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Retries work that gave up waiting for a lock (SQLSTATE 55P03, raised when {@code lock_timeout}
 * expires), with exponential backoff and full jitter so several migrators or a busy table do not
 * fall into step.
 */
public final class LockRetry {

    public static final String LOCK_NOT_AVAILABLE = "55P03";

    /** Work that may fail with a lock timeout; it must leave nothing behind when it throws. */
    @FunctionalInterface
    public interface Attempt<T> {
        T run() throws SQLException;
    }

    /** Told before each pause, with the attempt that failed (1-based) and the pause. */
    @FunctionalInterface
    public interface RetryListener {
        void retrying(int failedAttempt, Duration pause);
    }

    private final MigrateSettings settings;

    public LockRetry(MigrateSettings settings) {
        this.settings = settings;
    }

    public <T> T run(Attempt<T> attempt, RetryListener listener) throws SQLException {
        for (int n = 1; ; n++) {
            try {
                return attempt.run();
            } catch (SQLException e) {
                if (!LOCK_NOT_AVAILABLE.equals(e.getSQLState()) || n >= settings.lockAttempts()) {
                    throw e;
                }
                Duration pause = pause(n);
                listener.retrying(n, pause);
                sleep(pause);
            }
        }
    }

    Duration pause(int failedAttempt) {
        long base = settings.retryDelay().toMillis();
        long cap = settings.maxRetryDelay().toMillis();
        long ceiling = Math.min(cap, base << Math.min(failedAttempt - 1, 20));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(base / 2, Math.max(base / 2 + 1, ceiling + 1)));
    }

    private static void sleep(Duration pause) throws SQLException {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting to retry", e);
        }
    }
}
