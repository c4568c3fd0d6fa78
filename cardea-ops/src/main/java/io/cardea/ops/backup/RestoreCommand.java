package io.cardea.ops.backup;

import io.cardea.migrate.registry.Instance;
import io.cardea.migrate.registry.InstanceRegistry;
import io.cardea.migrate.registry.RunningRelease;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cardea restore}: the Cardea database as a backup recorded it. */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {"Replace the Cardea database's contents with a backup: its SHA-256 is checked first, then "
                + "every schema of the database is dropped and the backup restored in one transaction (a failure "
                + "changes nothing), then the schema history and every table's row count are checked against the "
                + "sidecar.",
                "Refused while a Cardea server is live on the database (registered, heartbeat within the last 30 s): "
                        + "stop them first.",
                "Refused, with nothing dropped, on a database that is neither Cardea's (it has no "
                        + "cardea_schema_history) nor empty."},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  restored and checked", "  1  error, or not a Cardea database: the message says what happened "
                + "and what to do",
                "  2  wrong usage", "  3  refused: servers are live on the database (see --force)",
                "  4  the backup is damaged (nothing was changed), or the restored database does not match it"})
public final class RestoreCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The backup's archive (its sidecar FILE.json beside it).")
    Path file;

    @Option(names = "--force", description = "Restore even while servers are live: they see their data replaced "
            + "underneath them, and what they write meanwhile is lost.")
    boolean force;

    @Mixin
    BackupOptions options;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (var db = options.database.open()) {
            List<Instance> live = liveServers(db.dataSource());
            if (!live.isEmpty()) {
                live.forEach(i -> err.println("  live: " + i.describe()));
                if (!force) {
                    err.println("cardea: refusing to restore while " + live.size() + " server(s) are live on "
                            + db.description() + ": stop them, and run again (--force restores anyway)");
                    return 3;
                }
                err.println("Restoring with --force while these servers are live.");
            }
            out.println("Restoring " + file + " into " + db.description());
            out.flush();
            Sidecar restored = Restore.run(db.dataSource(), file, options.pgDump);
            out.println("Restored and checked: " + restored.verification().detail() + ", as recorded (release "
                    + restored.release() + ", taken " + restored.takenAt() + ").");
            if (!restored.release().equals(RunningRelease.version())) {
                out.println("The backup is of release " + restored.release() + ", this cardea command is "
                        + RunningRelease.version() + ": run servers of " + restored.release() + ", or "
                        + "`cardea upgrade plan` to bring the schema forward.");
            }
            return 0;
        } catch (DamagedBackup e) {
            err.println("cardea: " + e.getMessage());
            return 4;
        } catch (BackupException e) {
            err.println("cardea: " + e.getMessage());
            return 1;
        }
    }

    private static List<Instance> liveServers(DataSource dataSource) {
        try {
            return new InstanceRegistry(dataSource).live();
        } catch (SQLException e) {
            throw new BackupException("could not read the instance registry (" + InstanceRegistry.TABLE
                    + ") to see whether servers are live: " + e.getMessage(), e);
        }
    }
}
