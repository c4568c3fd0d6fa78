package io.cardea;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardea.migrate.registry.Instance;
import io.cardea.migrate.registry.InstanceRegistry;
import io.cardea.migrate.registry.InstanceState;
import io.cardea.migrate.registry.RunningRelease;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(PostgresExtension.class)
class MigrateCommandLineTest {

    private final TestDatabase db;

    MigrateCommandLineTest(TestDatabase db) {
        this.db = db;
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "migrate", "migrate up", "migrate contract", "migrate status", "migrate lint",
            "upgrade", "upgrade plan", "backup", "backup verify", "backup list", "restore"})
    void everyCommandExplainsItselfWithHelp(String command) {
        String[] args = (command + " --help").trim().split(" ");

        CommandLineRun run = CommandLineRun.of(args);

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Usage: cardea").contains("--help");
    }

    @Test
    void upStatusAndContractWorkTogetherWithMeaningfulExitCodes(@TempDir Path folder) throws IOException {
        String schema = schema("cli_flow");
        Files.writeString(folder.resolve("V1__accounts.sql"), "CREATE TABLE " + schema + ".accounts (id bigint PRIMARY KEY, name text);");
        Files.writeString(folder.resolve("V2__drop_name.sql"),
                "-- cardea:phase contract\nALTER TABLE " + schema + ".accounts DROP COLUMN name;");
        String[] target = {"--database-url", db.jdbcUrl() + "?currentSchema=" + schema, "--database-user", db.user(),
                "--migrations", folder.toString()};

        CommandLineRun pending = CommandLineRun.of(concat(new String[] {"migrate", "status"}, target));
        assertThat(pending.exitCode()).isEqualTo(3);
        assertThat(pending.out()).contains("V1").contains("pending").contains("contract");

        CommandLineRun up = CommandLineRun.of(concat(new String[] {"migrate", "up"}, target));
        assertThat(up.exitCode()).as(up.err()).isZero();
        assertThat(up.out()).contains("→ V1 accounts (expand, one transaction)").contains("applied 1 expand migration");

        CommandLineRun contractPending = CommandLineRun.of(concat(new String[] {"migrate", "status", "--json"}, target));
        assertThat(contractPending.exitCode()).isEqualTo(3);
        assertThat(contractPending.out()).contains("\"version\":1,\"name\":\"accounts\",\"phase\":\"expand\",\"state\":\"applied\"")
                .contains("\"version\":2,\"name\":\"drop_name\",\"phase\":\"contract\",\"state\":\"pending\"");

        CommandLineRun contract = CommandLineRun.of(concat(new String[] {"migrate", "contract"}, target));
        assertThat(contract.exitCode()).as(contract.err()).isZero();

        CommandLineRun clean = CommandLineRun.of(concat(new String[] {"migrate", "status", "--json"}, target));
        assertThat(clean.exitCode()).isZero();
        assertThat(clean.out()).startsWith("{\"pending\":false,");
    }

    @Test
    void dryRunPrintsTheSqlAndLocksAndLeavesTheDatabaseAlone(@TempDir Path folder) throws Exception {
        String schema = schema("cli_dry");
        Files.writeString(folder.resolve("V1__accounts.sql"), "CREATE TABLE " + schema + ".accounts (id bigint PRIMARY KEY);\n"
                + "CREATE INDEX accounts_id_idx ON " + schema + ".accounts (id);");

        CommandLineRun run = CommandLineRun.of("migrate", "up", "--dry-run", "--database-url",
                db.jdbcUrl() + "?currentSchema=" + schema, "--database-user", db.user(), "--migrations", folder.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Nothing was changed")
                .contains("CREATE INDEX accounts_id_idx ON " + schema + ".accounts (id)")
                .contains("lock: SHARE on " + schema + ".accounts — blocks writes");
        try (var c = db.connect(); var rs = c.createStatement().executeQuery(
                "SELECT count(*) FROM pg_class WHERE relnamespace = '" + schema + "'::regnamespace")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }

    @Test
    void contractIsRefusedWhileAServerOfAnotherReleaseIsLiveUnlessForced(@TempDir Path folder) throws Exception {
        String schema = schema("cli_contract_guard");
        Files.writeString(folder.resolve("V1__accounts.sql"), "CREATE TABLE " + schema + ".accounts (id bigint, name text);");
        Files.writeString(folder.resolve("V2__drop_name.sql"),
                "-- cardea:phase contract\nALTER TABLE " + schema + ".accounts DROP COLUMN name;");
        String url = db.jdbcUrl() + "?currentSchema=" + schema;
        String[] target = {"--database-url", url, "--database-user", db.user(), "--migrations", folder.toString()};
        assertThat(CommandLineRun.of(concat(new String[] {"migrate", "up"}, target)).exitCode()).isZero();
        var ds = new PGSimpleDataSource();
        ds.setURL(url);
        ds.setUser(db.user());
        var registry = new InstanceRegistry(ds);
        Instant now = Instant.now();
        registry.register(new Instance("same", RunningRelease.version(), "http://127.0.0.1:8081", 11, "web-1",
                InstanceState.SERVING, now, now));
        registry.register(new Instance("old", "0.0.9", "http://127.0.0.1:8082", 22, "web-2", InstanceState.SERVING, now,
                now));
        registry.register(new Instance("killed", "0.0.8", "http://127.0.0.1:8083", 33, "web-3", InstanceState.SERVING,
                now, now));
        try (var c = ds.getConnection(); var st = c.createStatement()) {
            st.execute("UPDATE cardea_instances SET heartbeat_at = now() - interval '5 minutes' WHERE id = 'killed'");
        }

        CommandLineRun refused = CommandLineRun.of(concat(new String[] {"migrate", "contract"}, target));

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).startsWith("cardea: refusing to contract")
                .contains("0.0.9 at http://127.0.0.1:8082 (serving, pid 22 on web-2")
                .contains("--force")
                .doesNotContain("8081").doesNotContain("0.0.8");
        CommandLineRun pending = CommandLineRun.of(concat(new String[] {"migrate", "status", "--json"}, target));
        assertThat(pending.out()).contains("\"version\":2,\"name\":\"drop_name\",\"phase\":\"contract\",\"state\":\"pending\"");

        CommandLineRun forced = CommandLineRun.of(concat(new String[] {"migrate", "contract", "--force"}, target));

        assertThat(forced.exitCode()).as(forced.err()).isZero();
        assertThat(forced.err()).contains("--force").contains("0.0.9 at http://127.0.0.1:8082");
        assertThat(CommandLineRun.of(concat(new String[] {"migrate", "status"}, target)).exitCode()).isZero();
    }

    @Test
    void anEditedAppliedMigrationShowsAsChecksumMismatchWithExitCode4(@TempDir Path folder) throws IOException {
        String schema = schema("cli_edit");
        Path file = folder.resolve("V1__t.sql");
        Files.writeString(file, "CREATE TABLE " + schema + ".t (id int);");
        String[] target = {"--database-url", db.jdbcUrl() + "?currentSchema=" + schema, "--database-user", db.user(),
                "--migrations", folder.toString()};
        assertThat(CommandLineRun.of(concat(new String[] {"migrate", "up"}, target)).exitCode()).isZero();
        Files.writeString(file, "CREATE TABLE " + schema + ".t (id int, x int);");

        CommandLineRun status = CommandLineRun.of(concat(new String[] {"migrate", "status"}, target));
        CommandLineRun up = CommandLineRun.of(concat(new String[] {"migrate", "up"}, target));

        assertThat(status.exitCode()).isEqualTo(4);
        assertThat(status.out()).contains("checksum mismatch");
        assertThat(up.exitCode()).isEqualTo(1);
        assertThat(up.err()).startsWith("cardea: refusing to migrate").contains("new migration");
    }

    @Test
    void lintReportsFindingsWithTheSafeAlternativeAndExitCode3(@TempDir Path folder) throws IOException {
        Files.writeString(folder.resolve("V1__t.sql"), "CREATE INDEX t_idx ON existing (x);");

        CommandLineRun run = CommandLineRun.of("migrate", "lint", "--migrations", folder.toString());

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.out()).contains("V1__t.sql:1 [index-not-concurrent]").contains("CONCURRENTLY")
                .contains("1 finding(s)");
    }

    @Test
    void withoutADatabaseItSaysHowToGiveOne() {
        CommandLineRun run = CommandLineRun.of("migrate", "status", "--database-url", "");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("CARDEA_DATABASE_URL").contains("--embedded");
    }

    @Test
    void aNonPostgresUrlIsRefusedWithoutEchoingItsPassword() {
        CommandLineRun run = CommandLineRun.of("migrate", "status", "--database-url", "mysql://u:hunter2@db/x");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("jdbc:postgresql://").doesNotContain("hunter2");
    }

    @Test
    void anUnreachableDatabaseGivesAClearErrorNotAStackTrace() {
        CommandLineRun run = CommandLineRun.of("migrate", "status", "--database-url", "jdbc:postgresql://127.0.0.1:1/none",
                "--database-user", "nobody");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("cardea: could not read the schema history").contains("reachable")
                .doesNotContain("\tat ");
    }

    private String schema(String name) {
        try (var c = db.connect(); var st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + name);
            return name;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
