package io.cardea.migrate;

import io.cardea.migrate.script.Migration;
import io.cardea.migrate.script.Step;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs every event (backfill progress at most every few seconds), then passes it on. */
final class LoggedEvents implements MigrationEvents {

    private static final Logger LOG = LoggerFactory.getLogger("io.cardea.migrate");
    private static final long PROGRESS_EVERY_NANOS = Duration.ofSeconds(5).toNanos();

    private final MigrationEvents next;
    private long lastProgress;

    LoggedEvents(MigrationEvents next) {
        this.next = next;
    }

    @Override
    public void waitingForLock(String holder) {
        LOG.info("waiting for the migration lock, held by {}", holder);
        next.waitingForLock(holder);
    }

    @Override
    public void starting(Migration m) {
        LOG.info("applying {} ({}, {})", m.label(), m.phase().label(), m.transactional() ? "one transaction" : "step by step");
        next.starting(m);
    }

    @Override
    public void stepStarting(Migration m, int step, Step what) {
        LOG.debug("{} step {}: {}", m.label(), step, what.sql());
        next.stepStarting(m, step, what);
    }

    @Override
    public void stepSkipped(Migration m, int step, String why) {
        LOG.info("{} step {}: {}", m.label(), step, why);
        next.stepSkipped(m, step, why);
    }

    @Override
    public void lockRetry(Migration m, int step, int attempt, Duration pause) {
        LOG.warn("{} step {} could not get its lock (attempt {}); retrying in {} ms", m.label(), step, attempt,
                pause.toMillis());
        next.lockRetry(m, step, attempt, pause);
    }

    @Override
    public void backfillProgress(Migration m, int step, long rowsDone, long rowsEstimated, double rowsPerSecond) {
        long now = System.nanoTime();
        if (now - lastProgress >= PROGRESS_EVERY_NANOS) {
            lastProgress = now;
            LOG.info("{} step {} backfill: {} of about {} rows, {} rows/s", m.label(), step, rowsDone, rowsEstimated,
                    Math.round(rowsPerSecond));
        }
        next.backfillProgress(m, step, rowsDone, rowsEstimated, rowsPerSecond);
    }

    @Override
    public void applied(Migration m, Duration took) {
        LOG.info("applied {} in {} ms", m.label(), took.toMillis());
        next.applied(m, took);
    }

    @Override
    public void failed(Migration m, String reason) {
        LOG.error(reason);
        next.failed(m, reason);
    }
}
