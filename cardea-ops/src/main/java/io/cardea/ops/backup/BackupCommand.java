package io.cardea.ops.backup;

import io.cardea.migrate.registry.RunningRelease;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code cardea backup}: a consistent dump of the Cardea database, with a sidecar to check it by. */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = {"Back up the Cardea database: a pg_dump custom-format archive taken from one snapshot, and "
                + "beside it FILE.json with the release, the schema history, the time, the archive's SHA-256 and "
                + "every table's row count in that snapshot.",
                "The archive is written under a temporary name and renamed when complete. Needs the pg_dump of the "
                        + "database server's major version. Afterwards the oldest backups beyond --keep are deleted.",
                "Then prove it restores with `cardea backup verify FILE`."},
        subcommands = {VerifyCommand.class, ListCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  backed up", "  1  error: the message says what happened and what to do", "  2  wrong usage"})
public final class BackupCommand implements Callable<Integer> {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    @Spec
    CommandSpec spec;

    @Mixin
    BackupOptions options;

    @Option(names = "--to", paramLabel = "FILE",
            description = "Write the backup to FILE (default: cardea-RELEASE-TIME.dump in the backup folder).")
    Path to;

    @Option(names = "--keep", paramLabel = "N", defaultValue = "${env:CARDEA_BACKUP_KEEP:-10}",
            description = "How many backups to keep in the folder the backup is written to; older ones are deleted "
                    + "after a successful backup (env CARDEA_BACKUP_KEEP; default: 10).")
    int keep;

    @Override
    public Integer call() throws Exception {
        if (keep < 1) {
            throw new ParameterException(spec.commandLine(), "--keep must be at least 1, not " + keep);
        }
        PrintWriter out = spec.commandLine().getOut();
        String release = RunningRelease.version();
        Path target = to != null ? to : options.folder().resolve("cardea-" + release + "-"
                + STAMP.format(ZonedDateTime.now(ZoneOffset.UTC)) + ".dump");
        if (Files.exists(target)) {
            throw new ParameterException(spec.commandLine(), target + " already exists: choose another --to FILE");
        }
        try (var db = options.database.open()) {
            out.println("Backing up " + db.description() + " to " + target);
            out.flush();
            var progress = new TerminalProgress(System.err);
            Sidecar sidecar;
            try {
                sidecar = Backup.take(db.dataSource(), options.pgDump, target, release, progress);
            } finally {
                progress.done();
            }
            out.println("Backed up: " + TerminalProgress.size(sidecar.dumpBytes()) + ", " + sidecar.tables().size()
                    + " tables, " + sidecar.tables().values().stream().mapToLong(Long::longValue).sum() + " rows, "
                    + sidecar.history().size() + " migrations; release " + sidecar.release() + ", SHA-256 "
                    + sidecar.sha256());
            List<Path> deleted = new BackupFolder(target.toAbsolutePath().getParent()).keepNewest(keep);
            deleted.forEach(d -> out.println("Deleted the old backup " + d + " (--keep " + keep + ")"));
            out.println("Next: cardea backup verify " + target);
            return 0;
        } catch (BackupException e) {
            spec.commandLine().getErr().println("cardea: " + e.getMessage());
            return 1;
        }
    }
}
