package io.cardea.ops.plan;

import io.cardea.migrate.MigrationPlan;
import io.cardea.migrate.cli.PlanPrinter;
import io.cardea.ops.release.ChangelogEntry;
import java.io.PrintWriter;

/** Prints an upgrade plan in the order an operator works through it. */
final class PlanReport {

    private PlanReport() {}

    /**
     * @param migrationsFrom where the pending migrations were worked out: a database, or the two manifests
     */
    static void print(UpgradePlan plan, String migrationsFrom, PrintWriter out) {
        out.println("Upgrade plan: Cardea " + plan.source().label() + " → " + plan.target().label());
        out.println();
        out.println("Path: " + plan.path().describe());
        plan.path().refusal().ifPresent(r -> out.println("  Refused: " + r));

        out.println();
        out.println("== Changelog ==");
        for (ChangelogEntry e : plan.changelog()) {
            out.println();
            out.println("## [" + e.label() + "]");
            out.println(e.text());
        }

        out.println();
        out.println("== Migrations (" + migrationsFrom + ") ==");
        phase("1. Before deploying " + plan.target().version() + ", while " + plan.source().version()
                + " serves: cardea migrate up", plan.expand(), out);
        phase("2. Once no instance of " + plan.source().version() + " is left: cardea migrate contract",
                plan.contract(), out);

        out.println();
        out.println("== Configuration ==");
        if (plan.target().configChanges().isEmpty()) {
            out.println(plan.target().version() + " renames or removes no configuration key.");
        } else {
            plan.target().configChanges().forEach(c -> out.println("  " + c.describe()));
            plan.config().ifPresentOrElse(check -> printConfig(check, out),
                    () -> out.println("Give your configuration file with --config FILE to see the exact edits."));
        }

        DeprecationReport.print(plan, out);

        out.println();
        out.println("Verdict: " + plan.verdict().label() + " (exit code " + plan.verdict().exitCode() + "): "
                + plan.verdict().meaning());
        plan.path().refusal().ifPresent(r -> out.println("  - " + r));
        if (!plan.pendingConfigEdits().isEmpty()) {
            out.println("  - the configuration file still uses names " + plan.target().version() + " no longer reads: "
                    + "make the edits above, or run again with --fix-config");
        }
        plan.downtimeReasons().forEach(r -> out.println("  - " + r));
        out.println("See docs/upgrading.md for what to do with this verdict.");
    }

    private static void phase(String heading, MigrationPlan plan, PrintWriter out) {
        out.println();
        out.println(heading);
        PlanPrinter.print(plan, out);
    }

    private static void printConfig(ConfigCheck check, PrintWriter out) {
        if (check.edits().isEmpty()) {
            out.println(check.file() + " uses none of these keys: nothing to edit.");
            return;
        }
        out.println(check.copy().isPresent() ? "Made these edits in " + check.file() + " (the file as it was is kept "
                + "as " + check.copy().get() + "):" : "Edits to make in " + check.file() + " (or run again with --fix-config):");
        check.edits().forEach(e -> out.println("  " + e.describe()));
    }
}
