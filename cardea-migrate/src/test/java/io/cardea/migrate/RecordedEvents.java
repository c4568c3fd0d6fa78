package io.cardea.migrate;

import io.cardea.migrate.script.Migration;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps what a run reported, for assertions. */
final class RecordedEvents implements MigrationEvents {

    final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public void waitingForLock(String holder) {
        lines.add("waiting " + holder);
    }

    @Override
    public void stepSkipped(Migration m, int step, String why) {
        lines.add("skipped V" + m.version() + " step " + step + ": " + why);
    }

    @Override
    public void lockRetry(Migration m, int step, int attempt, Duration pause) {
        lines.add("retry V" + m.version() + " step " + step + " attempt " + attempt);
    }

    @Override
    public void backfillProgress(Migration m, int step, long rowsDone, long rowsEstimated, double rowsPerSecond) {
        lines.add("backfill V" + m.version() + " step " + step + " rows " + rowsDone);
    }

    @Override
    public void applied(Migration m, Duration took) {
        lines.add("applied V" + m.version());
    }

    @Override
    public void failed(Migration m, String reason) {
        lines.add("failed V" + m.version());
    }

    long count(String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).count();
    }
}
