package io.cardea.ops.backup;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the finished backups in the backup folder, newest first: file, release, time taken, "
                + "size, and whether `backup verify` (or `restore`) last found it good. Reads no database: "
                + "--embedded DIR only says where the folder is.")
final class ListCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    BackupOptions options;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Path folder = options.folder();
        var backups = new BackupFolder(folder).backups();
        if (backups.isEmpty()) {
            out.println("No backups in " + folder.toAbsolutePath());
            return 0;
        }
        out.printf("%-48s %-16s %-24s %10s  %s%n", "FILE", "RELEASE", "TAKEN", "SIZE", "VERIFIED");
        for (BackupFolder.Entry b : backups) {
            Sidecar s = b.sidecar();
            String verified = s.verification() == null ? "no"
                    : s.verification().ok() ? "yes, " + s.verification().at() : "FAILED, " + s.verification().at();
            out.printf("%-48s %-16s %-24s %10s  %s%n", b.dump().getFileName(), s.release(), s.takenAt(),
                    TerminalProgress.size(s.dumpBytes()), verified);
        }
        return 0;
    }
}
