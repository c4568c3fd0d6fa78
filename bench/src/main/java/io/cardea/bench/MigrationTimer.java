package io.cardea.bench;

import io.cardea.migrate.MigrationEvents;
import io.cardea.migrate.script.Migration;
import io.cardea.migrate.script.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Times a migration's steps from the events the engine reports while it runs, so the figures are
 * those of the real engine rather than of a copy of its statements. Called on the migrating thread
 * only; read once the migration has returned.
 */
final class MigrationTimer implements MigrationEvents {

    private static final int SQL_SHOWN = 100;

    private final List<MigrationResult.StepTiming> finished = new ArrayList<>();
    private String label;
    private Step current;
    private int currentNumber;
    private long currentStart;
    private int currentRetries;
    private long backfillRows;
    private double backfillRate;
    private Duration total;

    @Override
    public void starting(Migration migration) {
        if (label != null) {
            throw new IllegalStateException("the benchmark times one migration, but " + label + " and "
                    + migration.label() + " both ran: bench-migrations must hold only the measured one");
        }
        label = migration.label();
    }

    @Override
    public void stepStarting(Migration migration, int step, Step what) {
        long now = System.nanoTime();
        finishStep(now);
        current = what;
        currentNumber = step;
        currentStart = now;
        currentRetries = 0;
    }

    @Override
    public void lockRetry(Migration migration, int step, int attempt, Duration pause) {
        currentRetries++;
    }

    @Override
    public void backfillProgress(Migration migration, int step, long rowsDone, long rowsEstimated,
            double rowsPerSecond) {
        backfillRows = rowsDone;
        backfillRate = rowsPerSecond;
    }

    @Override
    public void applied(Migration migration, Duration took) {
        finishStep(System.nanoTime());
        total = took;
    }

    MigrationResult result() {
        if (total == null) {
            throw new IllegalStateException("no migration was applied: is bench_accounts already migrated?");
        }
        return new MigrationResult(label, total, List.copyOf(finished), backfillRows, backfillRate);
    }

    private void finishStep(long now) {
        if (current != null) {
            String kind = current instanceof Step.Backfill ? "backfill" : "statement";
            finished.add(new MigrationResult.StepTiming(currentNumber, kind, oneLine(current.sql()), currentStart, now,
                    currentRetries));
            current = null;
        }
    }

    private static String oneLine(String sql) {
        String line = sql.strip().replaceAll("\\s+", " ");
        return line.length() > SQL_SHOWN ? line.substring(0, SQL_SHOWN - 3) + "..." : line;
    }
}
