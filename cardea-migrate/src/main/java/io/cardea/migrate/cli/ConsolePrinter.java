package io.cardea.migrate.cli;

import io.cardea.migrate.MigrationEvents;
import io.cardea.migrate.script.Migration;
import io.cardea.migrate.script.Step;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * Prints a run as it happens. On a terminal a backfill shows a progress bar redrawn in place;
 * elsewhere (logs, CI) it prints a progress line every few seconds.
 */
final class ConsolePrinter implements MigrationEvents {

    private static final int BAR_WIDTH = 30;
    private static final long LINE_EVERY_NANOS = Duration.ofSeconds(5).toNanos();

    private final PrintStream out;
    private final boolean terminal;
    private boolean barShown;
    private long lastLine;

    ConsolePrinter(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public void waitingForLock(String holder) {
        out.println("Another migrator is running (" + holder + "); waiting for it to finish...");
    }

    @Override
    public void starting(Migration m) {
        out.println("→ " + m.label() + " (" + m.phase().label() + ", "
                + (m.transactional() ? "one transaction" : "step by step") + ")");
    }

    @Override
    public void stepSkipped(Migration m, int step, String why) {
        endBar();
        out.println("  step " + step + ": " + why);
    }

    @Override
    public void lockRetry(Migration m, int step, int attempt, Duration pause) {
        endBar();
        out.println("  step " + step + ": table busy, could not get its lock (attempt " + attempt + "); retrying in "
                + pause.toMillis() + " ms");
    }

    @Override
    public void stepStarting(Migration m, int step, Step what) {
        endBar();
    }

    @Override
    public void backfillProgress(Migration m, int step, long rowsDone, long rowsEstimated, double rowsPerSecond) {
        double fraction = rowsEstimated > 0 ? Math.min(1.0, (double) rowsDone / rowsEstimated) : 0;
        String figures = String.format(Locale.ROOT, "%3d%% %,d of ~%,d rows, %,.0f rows/s",
                Math.round(fraction * 100), rowsDone, rowsEstimated, rowsPerSecond);
        if (terminal) {
            int filled = (int) Math.round(fraction * BAR_WIDTH);
            out.print("\r  step " + step + " backfill [" + "#".repeat(filled) + " ".repeat(BAR_WIDTH - filled) + "] "
                    + figures);
            out.flush();
            barShown = true;
        } else {
            long now = System.nanoTime();
            if (now - lastLine >= LINE_EVERY_NANOS) {
                lastLine = now;
                out.println("  step " + step + " backfill: " + figures);
            }
        }
    }

    @Override
    public void applied(Migration m, Duration took) {
        endBar();
        out.println("  applied in " + took.toMillis() + " ms");
    }

    @Override
    public void failed(Migration m, String reason) {
        endBar();
    }

    private void endBar() {
        if (barShown) {
            out.println();
            barShown = false;
        }
    }
}
