package io.cardea.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardea.migrate.script.Migration;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class ApplyTest {

    private final TestDatabase db;

    ApplyTest(TestDatabase db) {
        this.db = db;
    }

    private Scratch releaseWithExpandAndContract() {
        return new Scratch(db)
                .file("V1__accounts.sql", "CREATE TABLE accounts (id bigint PRIMARY KEY, name text);")
                .file("V2__account_email.sql", "ALTER TABLE accounts ADD COLUMN email text;")
                .file("V3__drop_account_name.sql", "-- cardea:phase contract\nALTER TABLE accounts DROP COLUMN name;");
    }

    @Test
    void upAppliesExpandMigrationsInOrderAndLeavesContractOnesPending() {
        Scratch s = releaseWithExpandAndContract();

        List<Migration> applied = s.load().up();

        assertThat(applied).extracting(Migration::version).containsExactly(1L, 2L);
        assertThat(s.query("SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
                + "AND table_name = 'accounts' ORDER BY ordinal_position")).containsExactly("id", "name", "email");
        assertThat(s.load().status().toRun(io.cardea.migrate.script.Phase.CONTRACT))
                .extracting(MigrationStatus::version).containsExactly(3L);
    }

    @Test
    void historyRecordsWhatRanWhenByWhomAndHowLong() {
        Scratch s = releaseWithExpandAndContract();
        s.migrator().appliedBy("ops@host-1").load().up();

        assertThat(s.query("SELECT version || ' ' || name || ' ' || phase || ' ' || state || ' ' || success || ' ' "
                + "|| applied_by || ' ' || (applied_at > now() - interval '1 minute') || ' ' || (duration_ms >= 0) "
                + "|| ' ' || length(checksum) FROM cardea_schema_history ORDER BY version"))
                .containsExactly("1 accounts expand applied true ops@host-1 true true 64",
                        "2 account_email expand applied true ops@host-1 true true 64");
    }

    @Test
    void runningUpAgainChangesNothing() {
        Scratch s = releaseWithExpandAndContract();
        s.load().up();
        List<String> history = s.query("SELECT version || applied_at::text FROM cardea_schema_history");
        List<String> catalog = s.catalog();

        assertThat(s.load().up()).isEmpty();

        assertThat(s.query("SELECT version || applied_at::text FROM cardea_schema_history")).isEqualTo(history);
        assertThat(s.catalog()).isEqualTo(catalog);
    }

    @Test
    void contractAppliesContractMigrationsOnceExpandIsDone() {
        Scratch s = releaseWithExpandAndContract();
        s.load().up();

        assertThat(s.load().contract()).extracting(Migration::version).containsExactly(3L);

        assertThat(s.query("SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
                + "AND table_name = 'accounts' ORDER BY ordinal_position")).containsExactly("id", "email");
        assertThat(s.load().status().hasWorkToDo()).isFalse();
        assertThat(s.load().contract()).isEmpty();
    }

    @Test
    void contractIsRefusedWhileAnEarlierExpandMigrationIsPending() {
        Scratch s = releaseWithExpandAndContract();
        List<String> before = s.catalog();

        assertThatThrownBy(() -> s.load().contract())
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("refusing to contract")
                .hasMessageContaining("V1 accounts")
                .hasMessageContaining("cardea migrate up");
        assertThat(s.catalog().stream().filter(line -> !line.contains("cardea_")).toList()).isEqualTo(before);
        assertThat(s.query("SELECT count(*) FROM cardea_schema_history")).containsExactly("0");
    }

    @Test
    void aPendingExpandMigrationOlderThanAnAppliedOneIsRefused() {
        Scratch s = new Scratch(db).file("V1__a.sql", "CREATE TABLE a (id int);")
                .file("V3__c.sql", "CREATE TABLE c (id int);");
        s.load().up();
        s.file("V2__b.sql", "CREATE TABLE b (id int);");

        assertThatThrownBy(() -> s.load().up())
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("V2 b")
                .hasMessageContaining("already has V3 applied")
                .hasMessageContaining("above 3");
        assertThat(s.query("SELECT to_regclass('b')::text")).containsOnlyNulls();
    }

    @Test
    void anOlderReleaseIgnoresMigrationsOfANewerOneAndReportsThem() {
        Scratch newer = new Scratch(db).file("V1__a.sql", "CREATE TABLE a (id int);")
                .file("V2__b.sql", "CREATE TABLE b (id int);");
        newer.load().up();
        java.nio.file.Path olderFolder = newer.folder.resolveSibling(newer.folder.getFileName() + "-older");
        try {
            java.nio.file.Files.createDirectories(olderFolder);
            java.nio.file.Files.copy(newer.folder.resolve("V1__a.sql"), olderFolder.resolve("V1__a.sql"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Migrator older = Migrator.configure().dataSource(newer.dataSource())
                .migrations(io.cardea.migrate.script.MigrationSource.fromDirectory(olderFolder)).load();

        assertThat(older.up()).isEmpty();
        assertThat(older.status().migrations()).extracting(m -> m.version() + " " + m.state())
                .containsExactly("1 APPLIED", "2 UNKNOWN");
        assertThat(older.status().hasWorkToDo()).isFalse();
    }
}
