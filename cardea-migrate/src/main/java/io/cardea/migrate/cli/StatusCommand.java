package io.cardea.migrate.cli;

import io.cardea.migrate.MigrationState;
import io.cardea.migrate.Migrator;
import io.cardea.migrate.StatusReport;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show every migration: version, name, phase, state, when and by whom it was applied, and "
                + "how long it took.",
                "States: applied, pending, failed, incomplete (a step-by-step migration that stopped part-way), "
                        + "checksum mismatch (edited after it ran), unknown to this release (applied by a newer one).",
                "Exit code 0 when nothing is left to run, 3 when something is, 4 on a checksum mismatch."})
final class StatusCommand implements Callable<Integer> {

    @Mixin
    DatabaseOptions database;

    @Mixin
    MigrationOptions options;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        try (var db = database.open()) {
            StatusReport report = Migrator.configure().dataSource(db.dataSource()).migrations(options.migrations())
                    .load().status();
            if (json) {
                StatusPrinter.json(report, System.out);
            } else {
                StatusPrinter.table(report, System.out);
            }
            if (!report.inState(MigrationState.CHECKSUM_MISMATCH).isEmpty()) {
                return 4;
            }
            return report.hasWorkToDo() ? 3 : 0;
        }
    }
}
