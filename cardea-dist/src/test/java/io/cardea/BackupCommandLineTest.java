package io.cardea;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardea.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `cardea backup` on the embedded PostgreSQL, as an operator of the single-host deployment runs it. */
class BackupCommandLineTest {

    @Test
    void theEmbeddedDatabaseIsBackedUpIntoItsBackupsFolderAndVerified(@TempDir Path data) throws Exception {
        String embedded = data.toString();
        assertThat(CommandLineRun.of("migrate", "up", "--embedded", embedded).exitCode()).isZero();

        CommandLineRun backup = CommandLineRun.of("backup", "--embedded", embedded);

        assertThat(backup.exitCode()).as(backup.err()).isZero();
        List<Path> dumps;
        try (Stream<Path> files = Files.list(data.resolve("backups"))) {
            dumps = files.filter(f -> f.toString().endsWith(".dump")).toList();
        }
        assertThat(dumps).hasSize(1);
        Path dump = dumps.getFirst();
        assertThat(dump.getFileName().toString()).startsWith("cardea-" + io.cardea.migrate.registry.RunningRelease.version());
        assertThat(Files.readString(dump.resolveSibling(dump.getFileName() + ".json")))
                .contains("\"name\" : \"identities\"").contains("\"public.identities\" : 0");

        CommandLineRun verify = CommandLineRun.of("backup", "verify", dump.toString(), "--embedded", embedded);
        assertThat(verify.exitCode()).as(verify.err()).isZero();

        CommandLineRun list = CommandLineRun.of("backup", "list", "--embedded", embedded);
        assertThat(list.out()).contains(dump.getFileName().toString()).contains("yes, ");
    }

    @Test
    void anEmbeddedFolderOfAnotherMajorVersionIsRefusedSayingWhatToDo(@TempDir Path data) throws Exception {
        Files.createDirectories(data.resolve("postgres"));
        Files.writeString(data.resolve("postgres/PG_VERSION"), "14\n");

        CommandLineRun run = CommandLineRun.of("backup", "--embedded", data.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("cardea: ").contains("holds a PostgreSQL 14 database")
                .contains("embeds PostgreSQL " + EmbeddedPostgres.majorVersion()).contains("Move the folder aside")
                .doesNotContain("\tat ");
        assertThat(data.resolve("backups")).doesNotExist();
    }
}
