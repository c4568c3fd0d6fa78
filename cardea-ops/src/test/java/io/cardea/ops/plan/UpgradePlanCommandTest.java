package io.cardea.ops.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardea.migrate.Migrator;
import io.cardea.migrate.registry.Instance;
import io.cardea.migrate.registry.InstanceRegistry;
import io.cardea.migrate.registry.InstanceState;
import io.cardea.ops.release.ManifestLocation;
import io.cardea.ops.release.ReleaseManifest;
import io.cardea.ops.release.ReleaseRepository;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import io.cardea.testing.TestPostgres;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code cardea upgrade plan} over a line of releases built by the release build itself:
 * 0.1.0 (accounts), 0.1.1 (a fix), 0.2.0 (expand email_lower, rename smtp.host), 0.3.0 (contract:
 * drop email, completing 0.2.0's expand) and 1.0.0 (breaking: a contract completing nothing).
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UpgradePlanCommandTest {

    private static final String OLD_CHANGELOG = "## [0.1.1]\n### Fixed\n- sign-in typo\n\n"
            + "## [0.1.0]\n### Added\n- accounts\n";

    @TempDir
    Path work;

    private Path r010;
    private Path r011;
    private Path r020;
    private Path r030;
    private Path r100;

    private final TestDatabase db;

    UpgradePlanCommandTest(TestDatabase db) {
        this.db = db;
    }

    @BeforeAll
    void releaseALineOfVersions(@TempDir Path repoRoot) {
        var repo = new ReleaseRepository(repoRoot)
                .changelog("## [0.1.0]\n### Added\n- accounts\n")
                .migration("V1__accounts.sql", "CREATE TABLE plan_accounts (id bigint PRIMARY KEY, email text);");
        r010 = repo.release("0.1.0");
        r011 = repo.changelog(OLD_CHANGELOG).release("0.1.1");
        r020 = repo.changelog("## [0.2.0]\n### Added\n- email_lower\n### Changed\n- smtp.host is now mail.host\n\n"
                        + OLD_CHANGELOG)
                .migration("V2__email_lower.sql", "ALTER TABLE plan_accounts ADD COLUMN email_lower text;")
                .configChanges("smtp.host=mail.host\n").release("0.2.0");
        String changelog020 = "## [0.2.0]\n### Added\n- email_lower\n### Changed\n- smtp.host is now mail.host\n\n";
        r030 = repo.changelog("## [0.3.0]\n### Removed\n- email\n\n" + changelog020 + OLD_CHANGELOG)
                .migration("V3__drop_email.sql", "-- cardea:phase contract\n-- cardea:completes V2\n"
                        + "ALTER TABLE plan_accounts DROP COLUMN email;")
                .configChanges("").release("0.3.0");
        r100 = repo.changelog("## [1.0.0]\n### Breaking\n- accounts lose their legacy flag\n\n## [0.3.0]\n"
                        + "### Removed\n- email\n\n" + changelog020 + OLD_CHANGELOG)
                .migration("V4__drop_legacy.sql", "-- cardea:phase contract\nDROP TABLE IF EXISTS plan_legacy;")
                .release("1.0.0");
    }

    @Test
    void aPatchUpgradeRollsWithNothingToMigrate() {
        Run run = plan("--from", r010, "--to", r011);

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("Path: 0.1.0 → 0.1.1 (a patch upgrade)").contains("## [0.1.1]")
                .doesNotContain("## [0.1.0]").contains("no expand migration to run")
                .contains("Verdict: rolling upgrade possible (exit code 0)");
    }

    @Test
    void aMinorUpgradeShowsTheChangelogTheSqlAndItsLocksPerPhase() {
        Run run = plan("--from", r011, "--to", r020);

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("0.1.1 → 0.2.0 (to the next minor release)").contains("### Added\n- email_lower")
                .contains("1. Before deploying 0.2.0, while 0.1.1 serves: cardea migrate up")
                .contains("V2 email_lower (expand, one transaction)")
                .contains("ALTER TABLE plan_accounts ADD COLUMN email_lower text")
                .contains("lock: ACCESS EXCLUSIVE on plan_accounts")
                .contains("no contract migration to run").doesNotContain("V1 accounts")
                .contains("smtp.host is renamed to mail.host").contains("--config FILE");
    }

    @Test
    void aContractCompletingTheEarlierExpandStillRolls() {
        Run run = plan("--from", r020, "--to", r030);

        assertThat(run.code()).as(run.out()).isZero();
        assertThat(run.out()).contains("2. Once no instance of 0.2.0 is left: cardea migrate contract")
                .contains("V3 drop_email (contract, one transaction)");
    }

    @Test
    void skippingAMinorIsRefused() {
        Run run = plan("--from", r010, "--to", r030);

        assertThat(run.code()).isEqualTo(4);
        assertThat(run.out()).contains("0.1.0 → 0.3.0 is skipping 1 minor release(s)").contains("0.1.0 → 0.2.x")
                .contains("Verdict: refused");
    }

    @Test
    void aMajorIsRefusedWithoutTheFlagAndNeedsDowntimeWhenItsContractCompletesNothing() {
        Run refused = plan("--from", r030, "--to", r100);
        Run acknowledged = plan("--from", r030, "--to", r100, "--allow-major");

        assertThat(refused.code()).isEqualTo(4);
        assertThat(refused.out()).contains("run again with --allow-major").contains("### Breaking");
        assertThat(acknowledged.code()).isEqualTo(3);
        assertThat(acknowledged.out()).contains("Verdict: only with downtime")
                .contains("contract migration V4 drop_legacy does not complete an expand migration 0.3.0 ships");
    }

    @Test
    void aDowngradeIsExplainedAndRefused() {
        Run run = plan("--from", r020, "--to", r010);

        assertThat(run.code()).isEqualTo(4);
        assertThat(run.out()).contains("0.2.0 → 0.1.0 is a downgrade").contains("never migrates a schema backwards")
                .contains("backup taken before the upgrade");
    }

    @Test
    void anExpandMigrationThatStallsTrafficMeansDowntime(@TempDir Path other) {
        var repo = new ReleaseRepository(other).changelog("## [0.1.0]\n### Added\n- accounts\n")
                .migration("V1__accounts.sql", "CREATE TABLE accounts (id bigint PRIMARY KEY, email text);");
        Path from = repo.release("0.1.0");
        Path to = repo.changelog("## [0.2.0]\n### Added\n- index\n\n## [0.1.0]\n### Added\n- accounts\n")
                .migration("V2__email_index.sql", "CREATE INDEX accounts_email_idx ON accounts (email);").release("0.2.0");

        Run run = plan("--from", from, "--to", to);

        assertThat(run.code()).isEqualTo(3);
        assertThat(run.out()).contains("expand migration V2 email_index step 1 [index-not-concurrent]");
    }

    @Test
    void aRenamedConfigKeyIsRefusedUntilEditedAndFixConfigMakesTheEditKeepingTheOldFile() throws IOException {
        Path config = Files.writeString(work.resolve("cardea.properties"),
                "# mail\nsmtp.host = mail.example\nsmtp.port=25\n");

        Run check = plan("--from", r011, "--to", r020, "--config", config);
        assertThat(check.code()).isEqualTo(4);
        assertThat(check.out()).contains("line 2: change  smtp.host = mail.example  to  mail.host = mail.example")
                .contains("or run again with --fix-config");
        assertThat(config).hasContent("# mail\nsmtp.host = mail.example\nsmtp.port=25");

        Run fix = plan("--from", r011, "--to", r020, "--config", config, "--fix-config");
        assertThat(fix.code()).as(fix.out()).isZero();
        assertThat(config).hasContent("# mail\nmail.host = mail.example\nsmtp.port=25");
        assertThat(work.resolve("cardea.properties.before-0.2.0")).hasContent("# mail\nsmtp.host = mail.example\nsmtp.port=25");
        assertThat(fix.out()).contains("Made these edits").contains("cardea.properties.before-0.2.0");

        assertThat(plan("--from", r011, "--to", r020, "--config", config).code()).isZero();
    }

    @Test
    void badInputsGiveClearErrorsAndChangeNothing() throws IOException {
        Path config = Files.writeString(work.resolve("bad.properties"), "smtp.host=x\n");
        Path malformed = Files.writeString(work.resolve("malformed.json"), "{\"format\": 1, \"version\": ");
        Path badVersion = Files.writeString(work.resolve("v.json"),
                Files.readString(r020).replace("\"version\" : \"0.2.0\"", "\"version\" : \"0.2\""));
        String[] fix = {"--config", config.toString(), "--fix-config"};

        Run missing = plan(concat("--from", r011, "--to", work.resolve("nowhere.json"), fix));
        Run broken = plan(concat("--from", r011, "--to", malformed, fix));
        Run version = plan(concat("--from", r011, "--to", badVersion, fix));
        Run usage = plan("--from", r011, "--to", r020, "--fix-config");

        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("nowhere.json does not exist").contains("release manifest (.json)");
        assertThat(broken.code()).isEqualTo(1);
        assertThat(broken.err()).contains("malformed.json is not a release manifest: malformed JSON at line 1");
        assertThat(version.code()).isEqualTo(1);
        assertThat(version.err()).contains("'0.2' is not a release version");
        assertThat(usage.code()).isEqualTo(2);
        assertThat(usage.err()).contains("--fix-config needs the file to fix");
        assertThat(config).hasContent("smtp.host=x");
        assertThat(work.resolve("bad.properties.before-0.2.0")).doesNotExist();
    }

    @Test
    void theTargetMayBeAJarOrAReleaseFolderThatCarriesTheManifest() throws IOException {
        Path lib = Files.createDirectories(work.resolve("cardea-0.2.0/lib"));
        jar(lib.resolve("cardea-server-0.2.0.jar"), "db/migration/V1__accounts.sql", new byte[0]);
        jar(lib.resolve("cardea-dist-0.2.0.jar"), ReleaseManifest.RESOURCE, Files.readAllBytes(r020));

        assertThat(plan("--from", r011, "--to", work.resolve("cardea-0.2.0")).out()).contains("0.1.1 → 0.2.0");
        assertThat(plan("--from", r011, "--to", lib.resolve("cardea-dist-0.2.0.jar")).code()).isZero();
    }

    @Test
    void withADatabaseOnlyTheMigrationsPendingThereAreShown() {
        ReleaseManifest target = ManifestLocation.read(r020);
        Migrator.configure().dataSource(db.dataSource())
                .migrations(List.of(target.migrations().getFirst().migration("0.2.0"))).load().up();

        Run run = plan("--from", r011, "--to", r020, "--database-url", db.jdbcUrl(), "--database-user", db.user());

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("Migrations (those pending on").contains("V2 email_lower")
                .doesNotContain("V1 accounts");
    }

    @Test
    void withADatabaseTheContractMigrationsAreListedWhileExpandOnesArePendingThere() {
        TestDatabase fresh = TestPostgres.createDatabase("pending_expand");
        ReleaseManifest current = ManifestLocation.read(r010);
        Migrator.configure().dataSource(fresh.dataSource())
                .migrations(List.of(current.migrations().getFirst().migration("0.1.0"))).load().up();

        Run run = plan("--from", r020, "--to", r030, "--database-url", fresh.jdbcUrl(), "--database-user", fresh.user());

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("V2 email_lower").contains("V3 drop_email");
    }

    @Test
    void fromLiveWithNoLiveServerPassesAsOnAFirstInstall() throws SQLException {
        TestDatabase fresh = TestPostgres.createDatabase("live_none");
        Run empty = plan("--from-live", "--to", r020, "--database-url", fresh.jdbcUrl(), "--database-user", fresh.user());
        // A server gone without removing its row (killed) is no longer live once its heartbeat is stale.
        register(fresh, "0.1.0");
        try (var c = fresh.dataSource().getConnection(); var st = c.createStatement()) {
            st.execute("UPDATE cardea_instances SET heartbeat_at = now() - interval '1 hour'");
        }
        Run stale = plan("--from-live", "--to", r020, "--database-url", fresh.jdbcUrl(), "--database-user", fresh.user());

        for (Run run : List.of(empty, stale)) {
            assertThat(run.code()).as(run.err()).isZero();
            assertThat(run.out()).contains("No Cardea server is live on").contains("Verdict: rolling upgrade possible");
        }
    }

    @Test
    void fromLiveRefusesALiveReleaseTooOldForTheTargetEvenBesideOneItAccepts() throws SQLException {
        TestDatabase live = liveDatabase("live_mixed", r020, "0.2.0", "0.1.0");

        Run run = plan("--from-live", "--to", r030, "--database-url", live.jdbcUrl(), "--database-user", live.user());

        assertThat(run.code()).as(run.out() + run.err()).isEqualTo(4);
        assertThat(run.out()).contains("1 live server(s) of 0.1.0: 0.1.0 at http://10.0.0.1:8080")
                .contains("0.1.0 → 0.3.0 is skipping 1 minor release(s)")
                .contains("1 live server(s) of 0.2.0").contains("Path: 0.2.0 → 0.3.0 (to the next minor release)")
                .contains("Verdict: refused (exit code 4)");
    }

    @Test
    void fromLivePlansWhatIsPendingOnTheDatabaseForTheLiveRelease() throws SQLException {
        TestDatabase live = liveDatabase("live_rolls", r011, "0.1.1");

        Run run = plan("--from-live", "--to", r020, "--database-url", live.jdbcUrl(), "--database-user", live.user());

        assertThat(run.code()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("Path: 0.1.1 → 0.2.0").contains("V2 email_lower (expand, one transaction)")
                .doesNotContain("V1 accounts").contains("Verdict: rolling upgrade possible (exit code 0)");
    }

    @Test
    void fromLiveSeesTheLiveReleasesAppliedMigrations() throws SQLException {
        // 0.3.0's contract completes 0.2.0's expand, applied on the database: rolls. 1.0.0's completes nothing: downtime.
        TestDatabase live = liveDatabase("live_contract", r020, "0.2.0");
        Run rolls = plan("--from-live", "--to", r030, "--database-url", live.jdbcUrl(), "--database-user", live.user());
        TestDatabase live030 = liveDatabase("live_major", r030, "0.3.0");
        Run downtime = plan("--from-live", "--to", r100, "--allow-major", "--database-url", live030.jdbcUrl(),
                "--database-user", live030.user());

        assertThat(rolls.code()).as(rolls.out() + rolls.err()).isZero();
        assertThat(downtime.code()).as(downtime.out() + downtime.err()).isEqualTo(3);
        assertThat(downtime.out()).contains("contract migration V4 drop_legacy does not complete an expand migration");
    }

    @Test
    void fromLiveNeedsADatabaseAndNoOtherSource() {
        Run noDatabase = plan("--from-live", "--to", r020);
        Run withFrom = plan("--from-live", "--from", r011, "--to", r020, "--database-url", db.jdbcUrl());
        Run noTarget = plan("--from", r011);

        assertThat(noDatabase.code()).isEqualTo(2);
        assertThat(noDatabase.err()).contains("--from-live reads the running releases from the database")
                .contains("CARDEA_DATABASE_URL");
        assertThat(withFrom.code()).isEqualTo(2);
        assertThat(withFrom.err()).contains("leave out --from RELEASE");
        assertThat(noTarget.code()).isEqualTo(2);
        assertThat(noTarget.err()).contains("give the target release: --to RELEASE");
    }

    /** A fresh database migrated as {@code release} ships, with one live server of each of {@code serving}. */
    private static TestDatabase liveDatabase(String name, Path release, String... serving) throws SQLException {
        TestDatabase fresh = TestPostgres.createDatabase(name);
        ReleaseManifest manifest = ManifestLocation.read(release);
        // Up and contract, as an installation of the release is once its previous release is gone.
        Migrator migrator = UpgradePlan.migratorFor(manifest, fresh.dataSource());
        migrator.up();
        migrator.contract();
        for (String version : serving) {
            register(fresh, version);
        }
        return fresh;
    }

    private static void register(TestDatabase database, String release) throws SQLException {
        String id = release + "-" + UUID.randomUUID();
        new InstanceRegistry(database.dataSource()).register(new Instance(id, release,
                "http://10.0.0.1:8080", 1, "pod-" + release, InstanceState.SERVING, Instant.now(), Instant.now()));
    }

    @Test
    void everyCommandExplainsItself() {
        Run upgrade = run("--help");
        Run plan = plan("--help");

        assertThat(upgrade.code()).isZero();
        assertThat(upgrade.out()).startsWith("Usage: upgrade").contains("plan");
        assertThat(plan.code()).isZero();
        assertThat(plan.out()).contains("--to=RELEASE").contains("--allow-major").contains("--fix-config")
                .contains("--embedded").contains("3  only with downtime").contains("--from-live");
    }

    private static void jar(Path file, String entry, byte[] content) throws IOException {
        try (var jar = new JarOutputStream(Files.newOutputStream(file))) {
            jar.putNextEntry(new JarEntry(entry));
            jar.write(content);
        }
    }

    private record Run(int code, String out, String err) {}

    private Run plan(Object... args) {
        List<String> all = new ArrayList<>(List.of("plan"));
        for (Object a : args) {
            all.add(a.toString());
        }
        return run(all.toArray(String[]::new));
    }

    private static Run run(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int code = new CommandLine(new UpgradeCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private static Object[] concat(Object a, Object b, Object c, Object d, String[] rest) {
        List<Object> all = new ArrayList<>(List.of(a, b, c, d));
        all.addAll(List.of(rest));
        return all.toArray();
    }
}
