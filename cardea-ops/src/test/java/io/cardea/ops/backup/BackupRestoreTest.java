package io.cardea.ops.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardea.migrate.Migrator;
import io.cardea.migrate.registry.Instance;
import io.cardea.migrate.registry.InstanceRegistry;
import io.cardea.migrate.registry.InstanceState;
import io.cardea.migrate.script.MigrationSource;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** Backups, verification and restore on the test run's real PostgreSQL, with its own pg_dump. */
@ExtendWith(PostgresExtension.class)
class BackupRestoreTest {

    private final TestDatabase db;

    @TempDir
    Path work;

    BackupRestoreTest(TestDatabase db) {
        this.db = db;
    }

    @Test
    void backupThenChangesThenRestoreGivesBackExactlyTheBackedUpData() throws Exception {
        freshCardeaDatabase();
        Map<String, String> before = everyTable();
        Path dump = work.resolve("before.dump");

        Run backup = run(new BackupCommand(), "--to", dump.toString());
        assertThat(backup.code()).as(backup.err()).isZero();
        assertThat(backup.out()).contains("Backed up:").contains("4 tables, 601 rows, 1 migrations");
        Sidecar sidecar = Sidecar.read(dump);
        assertThat(sidecar.tables()).containsEntry("public.accounts", 200L).containsEntry("public.notes", 400L);
        assertThat(sidecar.history()).extracting(DatabaseContents.HistoryRow::name).containsExactly("accounts");
        assertThat(sidecar.sha256()).isEqualTo(Backup.sha256(dump));
        assertThat(sidecar.postgresVersion() / 10000).isEqualTo(db.serverMajorVersion());

        sql("UPDATE accounts SET email = 'changed-' || id WHERE id % 3 = 0",
                "DELETE FROM notes WHERE id % 5 = 0",
                "INSERT INTO accounts (id, email) VALUES (1000, 'new@example.com')");
        Path later = work.resolve("later");
        Files.createDirectories(later);
        Files.writeString(later.resolve("V1__accounts.sql"), migration());
        Files.writeString(later.resolve("V2__badges.sql"), "CREATE TABLE badges (id bigint PRIMARY KEY);");
        Migrator.configure().dataSource(db.dataSource()).migrations(MigrationSource.fromDirectory(later)).load().up();
        assertThat(everyTable()).isNotEqualTo(before);

        Run restore = run(new RestoreCommand(), dump.toString());

        assertThat(restore.code()).as(restore.err()).isZero();
        assertThat(restore.out()).contains("Restored and checked");
        assertThat(everyTable()).isEqualTo(before); // badges, made after the backup, is gone too
        assertThat(Sidecar.read(dump).verification().ok()).isTrue();
    }

    @Test
    void verifyRestoresIntoAScratchDatabaseAndRecordsTheOutcome() throws Exception {
        freshCardeaDatabase();
        Path folder = work.resolve("backups");
        Run backup = run(new BackupCommand(), "--dir", folder.toString());
        assertThat(backup.code()).as(backup.err()).isZero();
        Path dump = onlyDump(folder);

        Run verify = run(new VerifyCommand(), dump.toString());

        assertThat(verify.code()).as(verify.err()).isZero();
        assertThat(verify.out()).contains("Verified: 1 migrations, 4 tables, 601 rows");
        assertThat(scratchDatabases()).isZero();
        Run list = run(new ListCommand(), "--dir", folder.toString());
        assertThat(list.out()).contains(dump.getFileName().toString()).contains("yes, ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"truncated", "one byte changed"})
    void verifyFindsADamagedDumpAndRecordsIt(String damage) throws Exception {
        freshCardeaDatabase();
        Path dump = backUp("damaged.dump");
        byte[] bytes = Files.readAllBytes(dump);
        if (damage.equals("truncated")) {
            bytes = java.util.Arrays.copyOf(bytes, bytes.length / 2);
        } else {
            bytes[bytes.length / 2] ^= 0x01;
        }
        Files.write(dump, bytes);

        Run verify = run(new VerifyCommand(), dump.toString());

        assertThat(verify.code()).isEqualTo(4);
        assertThat(verify.err()).contains("is damaged").contains("SHA-256");
        assertThat(Sidecar.read(dump).verification().ok()).isFalse();
        assertThat(run(new ListCommand(), "--dir", work.toString()).out()).contains("FAILED");
    }

    @Test
    void verifyFindsADumpThatDoesNotRestoreEvenWhenItsChecksumWasRewritten() throws Exception {
        freshCardeaDatabase();
        Path dump = backUp("cut.dump");
        byte[] whole = Files.readAllBytes(dump);
        Files.write(dump, java.util.Arrays.copyOf(whole, whole.length - 200));
        Sidecar forged = Sidecar.read(dump);
        new Sidecar(forged.format(), forged.release(), forged.takenAt(), forged.postgresVersion(), forged.dumpFile(),
                forged.dumpBytes(), Backup.sha256(dump), forged.history(), forged.tables(), null).write(dump);

        Run verify = run(new VerifyCommand(), dump.toString());

        assertThat(verify.code()).isEqualTo(4);
        assertThat(verify.err()).contains("pg_restore");
        assertThat(scratchDatabases()).isZero();
    }

    @Test
    void restoreOfADamagedDumpChangesNothing() throws Exception {
        freshCardeaDatabase();
        Path dump = backUp("damaged.dump");
        Files.write(dump, new byte[] {1, 2, 3}, StandardOpenOption.APPEND);
        sql("INSERT INTO accounts (id, email) VALUES (5000, 'after@example.com')");
        Map<String, String> now = everyTable();

        Run restore = run(new RestoreCommand(), dump.toString());

        assertThat(restore.code()).isEqualTo(4);
        assertThat(restore.err()).contains("is damaged");
        assertThat(everyTable()).isEqualTo(now);
    }

    @Test
    void restoreIsRefusedWhileAServerIsLiveUnlessForced() throws Exception {
        freshCardeaDatabase();
        Path dump = backUp("live.dump");
        sql("INSERT INTO accounts (id, email) VALUES (5000, 'after@example.com')");
        Instant t = Instant.now();
        new InstanceRegistry(db.dataSource()).register(new Instance("web-1", "0.1.0", "http://127.0.0.1:8081", 42,
                "host-a", InstanceState.SERVING, t, t));
        Map<String, String> now = everyTable();

        Run refused = run(new RestoreCommand(), dump.toString());

        assertThat(refused.code()).isEqualTo(3);
        assertThat(refused.err()).contains("refusing to restore").contains("http://127.0.0.1:8081").contains("--force");
        assertThat(everyTable()).isEqualTo(now);

        Run forced = run(new RestoreCommand(), dump.toString(), "--force");

        assertThat(forced.code()).as(forced.err()).isZero();
        assertThat(everyTable()).doesNotContainValue(now.get("accounts"));
    }

    @Test
    void aBackupIsReadableAndWritableByItsOwnerOnly() throws Exception {
        freshCardeaDatabase();
        Path folder = work.resolve("private/backups");

        Run backup = run(new BackupCommand(), "--dir", folder.toString());
        assertThat(backup.code()).as(backup.err()).isZero();
        Path dump = onlyDump(folder);
        Run verify = run(new VerifyCommand(), dump.toString()); // writes the sidecar again
        assertThat(verify.code()).as(verify.err()).isZero();

        assertThat(permissions(work.resolve("private"))).isEqualTo("rwx------");
        assertThat(permissions(folder)).isEqualTo("rwx------");
        assertThat(permissions(dump)).isEqualTo("rw-------");
        assertThat(permissions(Sidecar.of(dump))).isEqualTo("rw-------");
    }

    @Test
    void restoreIntoADatabaseThatIsNotCardeasIsRefusedAndDropsNothing() throws Exception {
        freshCardeaDatabase();
        Path dump = backUp("cardea.dump");
        sql("DROP SCHEMA public CASCADE", "CREATE SCHEMA public",
                "CREATE TABLE invoices (id bigint PRIMARY KEY, total numeric NOT NULL)",
                "INSERT INTO invoices VALUES (1, 9.50), (2, 120.00)");
        Map<String, String> unrelated = everyTable();

        Run restore = run(new RestoreCommand(), dump.toString());

        assertThat(restore.code()).isEqualTo(1);
        assertThat(restore.err()).contains("refusing to restore").contains("public.invoices")
                .contains("cardea_schema_history");
        assertThat(everyTable()).isEqualTo(unrelated).containsEntry("invoices", "(1,9.50)\n(2,120.00)");
    }

    @Test
    void restoreIntoAnEmptyDatabaseGivesBackTheBackup() throws Exception {
        freshCardeaDatabase();
        Map<String, String> before = everyTable();
        Path dump = backUp("into-empty.dump");
        sql("DROP SCHEMA public CASCADE", "CREATE SCHEMA public");

        Run restore = run(new RestoreCommand(), dump.toString());

        assertThat(restore.code()).as(restore.err()).isZero();
        assertThat(everyTable()).isEqualTo(before);
    }

    @Test
    void anInterruptedBackupLeavesNothingThatLooksLikeABackup() throws Exception {
        freshCardeaDatabase();
        // The real pg_dump writes the whole archive, then the process dies before it can report success.
        Path dying = work.resolve("bin/pg_dump");
        Files.createDirectories(dying.getParent());
        Files.writeString(dying, "#!/bin/sh\n" + realPgDump() + " \"$@\"\n[ \"$1\" = --version ] && exit 0\nkill -9 $$\n");
        dying.toFile().setExecutable(true);
        Path folder = work.resolve("interrupted");

        Run backup = run(new BackupCommand(), "--dir", folder.toString(), "--pg-dump", dying.toString());

        assertThat(backup.code()).isEqualTo(1);
        assertThat(backup.err()).contains("pg_dump of the database failed");
        try (Stream<Path> left = Files.list(folder)) {
            assertThat(left).isEmpty();
        }
        assertThat(new BackupFolder(folder).backups()).isEmpty();
    }

    @Test
    void retentionKeepsTheNewestBackups() throws Exception {
        freshCardeaDatabase();
        Path folder = work.resolve("kept");
        List<Path> taken = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Path dump = folder.resolve("b" + i + ".dump");
            Run backup = run(new BackupCommand(), "--to", dump.toString(), "--keep", "2");
            assertThat(backup.code()).as(backup.err()).isZero();
            taken.add(dump);
            // Backups are ordered by the second they were taken: make each one a second younger than the last.
            Sidecar s = Sidecar.read(dump);
            new Sidecar(s.format(), s.release(), Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i).toString(),
                    s.postgresVersion(), s.dumpFile(), s.dumpBytes(), s.sha256(), s.history(), s.tables(), null)
                    .write(dump);
        }

        assertThat(new BackupFolder(folder).backups()).extracting(BackupFolder.Entry::dump)
                .containsExactly(taken.get(2), taken.get(1));
        assertThat(taken.getFirst()).doesNotExist();
        assertThat(Sidecar.of(taken.getFirst())).doesNotExist();
    }

    @Test
    void keepBelowOneIsWrongUsage() {
        Run backup = run(new BackupCommand(), "--to", work.resolve("x.dump").toString(), "--keep", "0");

        assertThat(backup.code()).isEqualTo(2);
        assertThat(backup.err()).contains("--keep must be at least 1");
        assertThat(work.resolve("x.dump")).doesNotExist();
    }

    @Test
    void everyCommandExplainsItself() {
        for (Object command : List.of(new BackupCommand(), new VerifyCommand(), new ListCommand(), new RestoreCommand())) {
            Run help = run(command, "--help");
            assertThat(help.code()).isZero();
            assertThat(help.out()).contains("Usage:").contains("--help");
        }
    }

    // -- helpers

    private Path backUp(String name) {
        Path dump = work.resolve(name);
        Run backup = run(new BackupCommand(), "--to", dump.toString());
        assertThat(backup.code()).as(backup.err()).isZero();
        return dump;
    }

    private static String migration() {
        return """
                CREATE TABLE accounts (id bigint PRIMARY KEY, email text NOT NULL, avatar bytea,
                                       created_at timestamptz NOT NULL DEFAULT now());
                CREATE TABLE notes (id bigint PRIMARY KEY, account_id bigint NOT NULL REFERENCES accounts, body text);
                """;
    }

    /** The test database as a Cardea database: one migration applied, 200 accounts, 400 notes. */
    private void freshCardeaDatabase() throws Exception {
        sql("DROP SCHEMA public CASCADE", "CREATE SCHEMA public");
        Path folder = Files.createDirectories(work.resolve("migrations"));
        Files.writeString(folder.resolve("V1__accounts.sql"), migration());
        Migrator.configure().dataSource(db.dataSource()).migrations(MigrationSource.fromDirectory(folder)).load().up();
        sql("""
                INSERT INTO accounts (id, email, avatar)
                SELECT i, 'user' || i || '@example.com', CASE WHEN i % 2 = 0 THEN decode(md5(i::text), 'hex') END
                  FROM generate_series(1, 200) i""",
                """
                INSERT INTO notes (id, account_id, body)
                SELECT i, 1 + i % 200, CASE WHEN i % 7 = 0 THEN NULL ELSE 'note ' || i || ' — ünïcode' END
                  FROM generate_series(1, 400) i""");
    }

    /** Every table of the database with its full contents, row by row in a stable order. */
    private Map<String, String> everyTable() throws SQLException {
        Map<String, String> tables = new LinkedHashMap<>();
        try (Connection c = db.connect()) {
            List<String> names = new ArrayList<>();
            try (var rs = c.createStatement().executeQuery("SELECT relname FROM pg_class WHERE relkind = 'r' "
                    + "AND relnamespace = 'public'::regnamespace ORDER BY 1")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            for (String name : names) {
                String query = name.equals("cardea_schema_history")
                        ? "SELECT coalesce(string_agg(format('%s %s %s %s', version, name, checksum, state), E'\\n' "
                                + "ORDER BY version), '') FROM cardea_schema_history"
                        : "SELECT coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '') FROM " + name + " t";
                try (var rs = c.createStatement().executeQuery(query)) {
                    rs.next();
                    tables.put(name, rs.getString(1));
                }
            }
        }
        return tables;
    }

    private long scratchDatabases() throws SQLException {
        try (Connection c = db.connect();
                var rs = c.createStatement().executeQuery(
                        "SELECT count(*) FROM pg_database WHERE datname LIKE 'cardea\\_verify\\_%'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void sql(String... statements) throws SQLException {
        try (Connection c = db.connect(); var st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    private Path onlyDump(Path folder) {
        List<BackupFolder.Entry> backups = new BackupFolder(folder).backups();
        assertThat(backups).hasSize(1);
        return backups.getFirst().dump();
    }

    private static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private String realPgDump() {
        return PgClient.find(db.serverMajorVersion(), null).pgDump().toString();
    }

    record Run(int code, String out, String err) {}

    /** Runs a command against the test database, as `cardea ...` would. */
    private Run run(Object command, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (!(command instanceof ListCommand) && !List.of(args).contains("--help")) {
            all.addAll(List.of("--database-url", db.jdbcUrl(), "--database-user", db.user()));
        }
        var out = new StringWriter();
        var err = new StringWriter();
        var line = new CommandLine(command).setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
        int code = line.execute(all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }
}
