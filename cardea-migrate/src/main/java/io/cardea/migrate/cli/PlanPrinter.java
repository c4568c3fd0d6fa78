package io.cardea.migrate.cli;

import io.cardea.migrate.MigrationPlan;
import io.cardea.migrate.analysis.StatementAnalysis;
import io.cardea.migrate.script.Migration;
import io.cardea.migrate.script.Step;
import java.io.PrintWriter;

/** Prints a dry-run: each pending migration, the exact SQL of each step, and the locks it takes. */
public final class PlanPrinter {

    private PlanPrinter() {}

    public static void print(MigrationPlan plan, PrintWriter out) {
        if (plan.migrations().isEmpty()) {
            out.println("Dry run: no " + plan.phase().label() + " migration to run. Nothing was changed.");
            return;
        }
        out.println("Dry run: " + plan.migrations().size() + " " + plan.phase().label()
                + " migration(s) would run. Nothing was changed.");
        for (MigrationPlan.Planned p : plan.migrations()) {
            Migration m = p.migration();
            out.println();
            out.println(m.label() + " (" + m.phase().label() + ", "
                    + (m.transactional() ? "one transaction" : "step by step, outside a transaction") + ") — "
                    + m.location());
            for (int i = 0; i < m.steps().size(); i++) {
                Step step = m.steps().get(i);
                StatementAnalysis analysis = p.analyses().get(i);
                String done = i + 1 < p.firstStep() ? "  (done by an earlier run)" : "";
                out.println("  [" + (i + 1) + "] " + analysis.operation() + done);
                if (step instanceof Step.Backfill b) {
                    out.println("      backfill of " + b.table() + " by " + b.key() + " in batches of " + b.batchSize()
                            + " rows, " + b.pause().toMillis() + " ms apart, each batch its own transaction:");
                }
                step.sql().lines().forEach(line -> out.println("      " + line));
                out.println("      lock: " + analysis.describeLocks()
                        + (step instanceof Step.Backfill ? " (per batch)" : ""));
            }
        }
    }
}
