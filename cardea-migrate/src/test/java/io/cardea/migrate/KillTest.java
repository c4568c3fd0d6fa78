package io.cardea.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A migrator killed with SIGKILL part-way can be run again and finishes correctly. */
@ExtendWith(PostgresExtension.class)
class KillTest {

    private final TestDatabase db;

    KillTest(TestDatabase db) {
        this.db = db;
    }

    @Test
    void killedMidBackfillThenRunAgainTouchesEveryRowExactlyOnce() throws Exception {
        Scratch s = new Scratch(db).file("V1__t.sql", "CREATE TABLE t (id bigint PRIMARY KEY, n int NOT NULL DEFAULT 0);");
        s.load().up();
        s.exec("INSERT INTO t (id) SELECT g FROM generate_series(1, 20000) g");
        s.file("V2__touch.sql", """
                -- cardea:transaction none
                ALTER TABLE t ADD COLUMN touched_at timestamptz;
                -- cardea:backfill table=t key=id batch=200 pause=20ms
                UPDATE t SET n = n + 1, touched_at = clock_timestamp() WHERE id BETWEEN :from AND :to;
                CREATE INDEX CONCURRENTLY t_touched_idx ON t (touched_at);
                """);

        Process migrator = MigrateProcess.start(s);
        waitFor(() -> rowsDone(s) >= 2000, Duration.ofSeconds(60));
        migrator.destroyForcibly(); // SIGKILL
        assertThat(migrator.waitFor(10, TimeUnit.SECONDS)).isTrue();
        long doneBeforeKill = rowsDone(s);
        assertThat(doneBeforeKill).isBetween(2000L, 19999L);
        assertThat(s.load().status().migrations().get(1).state()).isEqualTo(MigrationState.INCOMPLETE);

        s.load().up();

        assertThat(s.query("SELECT n || ':' || count(*) FROM t GROUP BY n")).containsExactly("1:20000");
        assertThat(s.one("SELECT indisvalid FROM pg_index WHERE indexrelid = 't_touched_idx'::regclass")).isEqualTo("t");
        assertThat(s.load().status().hasWorkToDo()).isFalse();
    }

    @Test
    void killedMidTransactionalMigrationLeavesNothingAndRunsAgainCleanly() throws Exception {
        Scratch s = new Scratch(db).file("V1__slow.sql", """
                CREATE TABLE made_before_the_kill (id int);
                SELECT pg_sleep(5);
                """);

        Process migrator = MigrateProcess.start(s);
        waitFor(() -> "1".equals(s.one("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                + "AND application_name = 'cardea-migrate' AND query LIKE '%pg_sleep%'")), Duration.ofSeconds(60));
        migrator.destroyForcibly();
        assertThat(migrator.waitFor(10, TimeUnit.SECONDS)).isTrue();
        // The server notices the dead client and rolls its transaction back, releasing the lock.
        waitFor(() -> "0".equals(s.one("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                + "AND application_name = 'cardea-migrate'")), Duration.ofSeconds(30));
        assertThat(s.query("SELECT to_regclass('made_before_the_kill')::text")).containsOnlyNulls();
        assertThat(s.load().status().migrations().getFirst().state()).isEqualTo(MigrationState.PENDING);

        s.file("V1__slow.sql", "CREATE TABLE made_before_the_kill (id int);\nSELECT pg_sleep(0);");
        s.load().up();

        assertThat(s.query("SELECT to_regclass('made_before_the_kill')::text")).containsExactly("made_before_the_kill");
    }

    private static long rowsDone(Scratch s) {
        if (s.one("SELECT to_regclass('cardea_backfill_progress')") == null) {
            return 0;
        }
        return Long.parseLong(s.one("SELECT coalesce(sum(rows_done), 0) FROM cardea_backfill_progress"));
    }

    private static void waitFor(Supplier<Boolean> condition, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + limit);
            }
            Thread.sleep(50);
        }
    }
}
