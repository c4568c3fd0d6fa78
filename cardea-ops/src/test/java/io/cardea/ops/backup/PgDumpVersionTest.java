package io.cardea.ops.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardea.embedded.EmbeddedPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A server newer than the pg_dump at hand: PostgreSQL 18 (its embedded binaries, as the build
 * copies them) with only the embedded major's pg_dump, the one the build installs.
 */
class PgDumpVersionTest {

    private static final Path POSTGRES_18 = Path.of(System.getProperty("cardea.test.postgres18"));

    @TempDir
    Path work;

    @Test
    void backupOfANewerServerThanItsPgDumpFailsSayingWhatToInstall() throws Exception {
        Path pgDump = embeddedMajorsPgDump();
        try (EmbeddedPostgres pg18 = EmbeddedPostgres.startTemporary(work.resolve("pg18"), POSTGRES_18)) {
            Path folder = work.resolve("backups");
            var err = new StringWriter();
            int code = new CommandLine(new BackupCommand()).setOut(new PrintWriter(new StringWriter()))
                    .setErr(new PrintWriter(err)).execute("--database-url", pg18.jdbcUrl("postgres"),
                            "--database-user", EmbeddedPostgres.SUPERUSER, "--dir", folder.toString(),
                            "--pg-dump", pgDump.toString());

            assertThat(code).isEqualTo(1);
            assertThat(err.toString())
                    .contains("the database runs PostgreSQL 18, so backups need pg_dump 18")
                    .contains(pgDump + " is pg_dump " + EmbeddedPostgres.majorVersion())
                    .contains("apt-get install postgresql-client-18")
                    .contains("--pg-dump PATH or CARDEA_PG_DUMP");
            assertThat(folder).satisfiesAnyOf(f -> assertThat(f).doesNotExist(), f -> assertThat(f).isEmptyDirectory());
        }
    }

    @Test
    void theSearchTakesThePgDumpOfTheServersMajorAndNamesTheOthersItFound() throws Exception {
        Path pgDump = embeddedMajorsPgDump();
        int major = EmbeddedPostgres.majorVersion();
        Path clients = work.resolve("postgresql");
        Files.createDirectories(clients.resolve(major + "/bin"));
        Files.createSymbolicLink(clients.resolve(major + "/bin/pg_dump"), pgDump);

        assertThat(PgClient.find(major, null, "", clients).pgDump()).isEqualTo(clients.resolve(major + "/bin/pg_dump"));
        assertThatThrownBy(() -> PgClient.find(major + 3, null, "", clients))
                .hasMessageContaining("need pg_dump " + (major + 3))
                .hasMessageContaining(clients.resolve(major + "/bin/pg_dump") + " is pg_dump " + major);
        assertThatThrownBy(() -> PgClient.find(major, null, "", work.resolve("nothing")))
                .hasMessageContaining("no pg_dump at all")
                .hasMessageContaining("postgresql-client-" + major);
    }

    /** The pg_dump of the embedded major, which the build installs (build/test-packages). */
    private static Path embeddedMajorsPgDump() {
        return PgClient.find(EmbeddedPostgres.majorVersion(), null).pgDump();
    }
}
