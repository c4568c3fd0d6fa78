package io.cardea.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardea.migrate.analysis.LockMode;
import io.cardea.migrate.script.Phase;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class StatusAndDryRunTest {

    private final TestDatabase db;

    StatusAndDryRunTest(TestDatabase db) {
        this.db = db;
    }

    @Test
    void statusShowsEveryStateAMigrationCanBeIn() {
        Scratch s = new Scratch(db)
                .file("V1__applied.sql", "CREATE TABLE t (id bigint PRIMARY KEY);")
                .file("V2__edited.sql", "CREATE TABLE u (id bigint);")
                .file("V3__failing.sql", "CREATE TABLE v (id bigint);\nSELECT 1/0;");
        try {
            s.load().up();
        } catch (MigrationException expected) {
            // V1 and V2 are applied, V3 fails
        }
        // Now edit V2 after it ran, and ship a new pending V4 and a contract V5.
        s.file("V2__edited.sql", "CREATE TABLE u (id bigint, extra text);")
                .file("V4__pending.sql", "CREATE TABLE w (id bigint);")
                .file("V5__contract.sql", "-- cardea:phase contract\nDROP TABLE u;");
        s.exec("INSERT INTO cardea_schema_history (version, name, phase, checksum, state, applied_by, success) "
                + "VALUES (9, 'from_a_newer_release', 'expand', 'x', 'applied', 'someone', true)");

        StatusReport report = s.load().status();

        assertThat(report.migrations()).extracting(m -> "V" + m.version() + " " + m.phase().label() + " " + m.state())
                .containsExactly("V1 expand APPLIED", "V2 expand CHECKSUM_MISMATCH", "V3 expand FAILED",
                        "V4 expand PENDING", "V5 contract PENDING", "V9 expand UNKNOWN");
        MigrationStatus failed = report.migrations().get(2);
        assertThat(failed.error()).contains("V3 failing").contains("division by zero").contains("22012");
        MigrationStatus applied = report.migrations().getFirst();
        assertThat(applied.appliedAt()).isNotNull();
        assertThat(applied.appliedBy()).isNotBlank();
        assertThat(applied.duration()).isNotNull();
        assertThat(report.hasWorkToDo()).isTrue();
    }

    @Test
    void dryRunOnAFreshDatabaseCreatesNothingNotEvenTheHistory() {
        Scratch s = new Scratch(db).file("V1__t.sql", "CREATE TABLE t (id bigint PRIMARY KEY);");

        MigrationPlan plan = s.load().plan(Phase.EXPAND);

        assertThat(plan.migrations()).hasSize(1);
        assertThat(s.catalog()).isEmpty();
    }

    @Test
    void dryRunShowsExactSqlAndLocksAndChangesNothing() {
        Scratch s = new Scratch(db).file("V1__t.sql", "CREATE TABLE t (id bigint PRIMARY KEY, v text);");
        s.load().up();
        s.exec("INSERT INTO t SELECT g, 'x' FROM generate_series(1, 100) g");
        String v2 = """
                -- cardea:transaction none
                ALTER TABLE t ADD COLUMN w text;

                -- cardea:backfill table=t key=id batch=10
                UPDATE t SET w = v WHERE id BETWEEN :from AND :to;

                CREATE INDEX CONCURRENTLY t_w_idx ON t (w);
                """;
        s.file("V2__w.sql", v2).file("V3__drop_v.sql", "-- cardea:phase contract\nALTER TABLE t DROP COLUMN v;");
        List<String> catalog = s.catalog();
        List<String> history = s.query("SELECT row(h.*)::text FROM cardea_schema_history h");
        List<String> data = s.query("SELECT row(t.*)::text FROM t ORDER BY id");

        MigrationPlan expand = s.load().plan(Phase.EXPAND);

        assertThat(expand.migrations()).hasSize(1);
        MigrationPlan.Planned planned = expand.migrations().getFirst();
        assertThat(planned.migration().steps()).extracting(step -> step.sql()).containsExactly(
                "ALTER TABLE t ADD COLUMN w text",
                "UPDATE t SET w = v WHERE id BETWEEN :from AND :to",
                "CREATE INDEX CONCURRENTLY t_w_idx ON t (w)");
        assertThat(planned.analyses()).extracting(a -> a.strongestLock()).containsExactly(
                LockMode.ACCESS_EXCLUSIVE, LockMode.ROW_EXCLUSIVE, LockMode.SHARE_UPDATE_EXCLUSIVE);
        // The contract dry-run says what contract would say: not before V2 is applied.
        assertThatThrownBy(() -> s.load().plan(Phase.CONTRACT)).isInstanceOf(MigrationException.class)
                .hasMessageContaining("V2 w");
        assertThat(s.catalog()).isEqualTo(catalog);
        assertThat(s.query("SELECT row(h.*)::text FROM cardea_schema_history h")).isEqualTo(history);
        assertThat(s.query("SELECT row(t.*)::text FROM t ORDER BY id")).isEqualTo(data);
    }

    @Test
    void dryRunOfAnInterruptedStepByStepMigrationStartsAtTheFirstUnfinishedStep() {
        Scratch s = new Scratch(db).file("V1__steps.sql", """
                -- cardea:transaction none
                CREATE TABLE a (id int);
                CREATE TABLE b (id int);
                SELECT 1/0;
                """);
        try {
            s.load().up();
        } catch (MigrationException expected) {
            // the third step fails
        }

        MigrationPlan plan = s.load().plan(Phase.EXPAND);

        assertThat(plan.migrations().getFirst().firstStep()).isEqualTo(3);
    }
}
