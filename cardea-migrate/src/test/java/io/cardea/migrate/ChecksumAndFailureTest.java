package io.cardea.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class ChecksumAndFailureTest {

    private final TestDatabase db;

    ChecksumAndFailureTest(TestDatabase db) {
        this.db = db;
    }

    @Test
    void anAppliedMigrationWhoseFileWasEditedIsRefusedAndNothingElseRuns() {
        Scratch s = new Scratch(db).file("V1__t.sql", "CREATE TABLE t (id bigint);");
        s.load().up();
        s.file("V1__t.sql", "CREATE TABLE t (id bigint, sneaky text);")
                .file("V2__u.sql", "CREATE TABLE u (id bigint);");

        assertThatThrownBy(() -> s.load().up())
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("edited after they ran")
                .hasMessageContaining("V1 t")
                .hasMessageContaining("V1__t.sql")
                .hasMessageContaining("new migration");
        assertThat(s.query("SELECT to_regclass('u')::text")).containsOnlyNulls();
        assertThat(s.load().status().migrations().getFirst().state()).isEqualTo(MigrationState.CHECKSUM_MISMATCH);
    }

    @Test
    void lineEndingsAloneDoNotCountAsAnEdit() {
        Scratch s = new Scratch(db).file("V1__t.sql", "CREATE TABLE t (id bigint);\nCREATE TABLE u (id bigint);\n");
        s.load().up();
        s.file("V1__t.sql", "CREATE TABLE t (id bigint);\r\nCREATE TABLE u (id bigint);\r\n");

        assertThat(s.load().status().migrations().getFirst().state()).isEqualTo(MigrationState.APPLIED);
    }

    @Test
    void aFailingStatementRollsBackTheWholeMigrationAndRecordsTheFailure() {
        Scratch s = new Scratch(db)
                .file("V1__ok.sql", "CREATE TABLE t (id bigint PRIMARY KEY);")
                .file("V2__broken.sql", """
                        CREATE TABLE half_done (id bigint);
                        INSERT INTO t VALUES (1);
                        ALTER TABLE t ADD COLUMN id bigint;
                        """);

        assertThatThrownBy(() -> s.load().up())
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("V2 broken failed")
                .hasMessageContaining("V2__broken.sql line 3")
                .hasMessageContaining("Statement 3: ALTER TABLE t ADD COLUMN id bigint")
                .hasMessageContaining("42701")
                .hasMessageContaining("rolled back whole")
                .hasMessageContaining("Fix the migration file");

        assertThat(s.query("SELECT to_regclass('half_done')::text")).containsOnlyNulls();
        assertThat(s.query("SELECT count(*) FROM t")).containsExactly("0");
        assertThat(s.query("SELECT version || ' ' || state || ' ' || success FROM cardea_schema_history "
                + "ORDER BY version")).containsExactly("1 applied true", "2 failed false");
    }

    @Test
    void aFailedMigrationRunsAgainOnceItsFileIsFixed() {
        Scratch s = new Scratch(db).file("V1__broken.sql", "CREATE TABLE t (id bigint);\nSELECT 1/0;");
        assertThatThrownBy(() -> s.load().up()).isInstanceOf(MigrationException.class);

        s.file("V1__broken.sql", "CREATE TABLE t (id bigint);\nSELECT 1;");

        assertThat(s.load().up()).hasSize(1);
        assertThat(s.load().status().migrations().getFirst().state()).isEqualTo(MigrationState.APPLIED);
        assertThat(s.one("SELECT error IS NULL FROM cardea_schema_history")).isEqualTo("t");
    }

    @Test
    void aStepByStepMigrationResumesAtTheStepThatFailedWithoutRepeatingEarlierSteps() {
        Scratch s = new Scratch(db).file("V1__log.sql", "CREATE TABLE log (n int);");
        s.load().up();
        s.file("V2__steps.sql", """
                -- cardea:transaction none
                INSERT INTO log VALUES (1);
                INSERT INTO log VALUES (2);
                INSERT INTO missing_table VALUES (3);
                INSERT INTO log VALUES (4);
                """);

        assertThatThrownBy(() -> s.load().up())
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("Steps 1 to 2 of 4 are done")
                .hasMessageContaining("resume at step 3");
        assertThat(s.load().status().migrations().get(1).state()).isEqualTo(MigrationState.FAILED);
        s.exec("CREATE TABLE missing_table (n int)");

        s.load().up();

        assertThat(s.query("SELECT n FROM log ORDER BY n")).containsExactly("1", "2", "4");
        assertThat(s.query("SELECT n FROM missing_table")).containsExactly("3");
        assertThat(s.load().status().hasWorkToDo()).isFalse();
    }

    @Test
    void aPartlyRunStepByStepMigrationWhoseFileChangedIsRefused() {
        Scratch s = new Scratch(db).file("V1__steps.sql", """
                -- cardea:transaction none
                CREATE TABLE a (id int);
                SELECT 1/0;
                """);
        assertThatThrownBy(() -> s.load().up()).isInstanceOf(MigrationException.class);
        s.file("V1__steps.sql", """
                -- cardea:transaction none
                CREATE TABLE a (id int, extra int);
                SELECT 1;
                """);

        assertThatThrownBy(() -> s.load().up())
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("stopped after step 1 of 2")
                .hasMessageContaining("restore the file");
        assertThat(s.query("SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema() "
                + "AND table_name = 'a'")).containsExactly("1");
    }
}
