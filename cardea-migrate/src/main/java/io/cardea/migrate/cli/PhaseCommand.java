package io.cardea.migrate.cli;

import io.cardea.migrate.MigrationException;
import io.cardea.migrate.Migrator;
import io.cardea.migrate.script.Migration;
import io.cardea.migrate.script.Phase;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What {@code migrate up} and {@code migrate contract} share: apply one phase, or show it. */
abstract class PhaseCommand implements Callable<Integer> {

    @Mixin
    DatabaseOptions database;

    @Mixin
    MigrationOptions options;

    @Option(names = "--dry-run", description = "Print the exact SQL of each pending step and the locks it takes; "
            + "change nothing.")
    boolean dryRun;

    abstract Phase phase();

    /** Checks what must hold before the phase is applied; throws a {@link MigrationException} saying why not. */
    void checkBeforeApplying(DataSource dataSource) throws SQLException {}

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        List<Migration> migrations = options.migrations();
        try (var db = database.open()) {
            Migrator migrator = Migrator.configure().dataSource(db.dataSource()).migrations(migrations)
                    .settings(options.settings()).events(new ConsolePrinter(out, onTerminal())).load();
            if (dryRun) {
                var writer = new PrintWriter(out);
                PlanPrinter.print(migrator.plan(phase()), writer);
                writer.flush();
                return 0;
            }
            checkBeforeApplying(db.dataSource());
            out.println("Migrating " + db.description() + " (" + phase().label() + ")");
            List<Migration> applied = migrator.apply(phase());
            out.println(applied.isEmpty() ? "Nothing to do: every " + phase().label() + " migration is applied."
                    : "Done: applied " + applied.size() + " " + phase().label() + " migration(s).");
            return 0;
        }
    }

    /** Whether output goes to a terminal that can redraw a progress bar in place. */
    private static boolean onTerminal() {
        var console = System.console();
        return console != null && console.isTerminal();
    }
}
