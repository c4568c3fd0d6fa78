package io.cardea.ops.backup;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Prove a backup restores: check its SHA-256, restore it into a scratch database on the "
                + "server (the database user needs CREATEDB), compare the schema history and every table's row count "
                + "with its sidecar, and drop the scratch database. The Cardea database itself is not touched.",
                "The outcome is recorded in the sidecar and shown by `cardea backup list`."},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  verified", "  1  error: the check could not be run (the message says why)",
                "  2  wrong usage", "  4  the backup is damaged or does not match its sidecar: do not rely on it"})
final class VerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The backup's archive (its sidecar FILE.json beside it).")
    Path file;

    @Mixin
    BackupOptions options;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (var db = options.database.open()) {
            out.println("Verifying " + file + " on " + db.description());
            out.flush();
            Sidecar checked = BackupCheck.verify(db.dataSource(), file, options.pgDump);
            out.println("Verified: " + checked.verification().detail() + ", as recorded (release "
                    + checked.release() + ", taken " + checked.takenAt() + ").");
            return 0;
        } catch (DamagedBackup e) {
            spec.commandLine().getErr().println("cardea: " + e.getMessage());
            return 4;
        } catch (BackupException e) {
            spec.commandLine().getErr().println("cardea: " + e.getMessage());
            return 1;
        }
    }
}
