package io.cardea.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class OnlineOperationsTest {

    private final TestDatabase db;

    OnlineOperationsTest(TestDatabase db) {
        this.db = db;
    }

    @Test
    void anInvalidIndexLeftByAFailedConcurrentBuildIsDroppedAndRebuilt() {
        Scratch s = new Scratch(db).file("V1__t.sql", "CREATE TABLE t (id bigint PRIMARY KEY, email text);");
        s.load().up();
        s.exec("INSERT INTO t VALUES (1, 'a@example.com'), (2, 'a@example.com'), (3, 'b@example.com')");
        s.file("V2__unique_email.sql", """
                -- cardea:transaction none
                CREATE UNIQUE INDEX CONCURRENTLY t_email_key ON t (email);
                """);

        assertThatThrownBy(() -> s.load().up()).isInstanceOf(MigrationException.class)
                .hasMessageContaining("23505");
        assertThat(s.one("SELECT indisvalid FROM pg_index WHERE indexrelid = 't_email_key'::regclass")).isEqualTo("f");

        s.exec("DELETE FROM t WHERE id = 2");
        RecordedEvents events = new RecordedEvents();
        s.migrator().events(events).load().up();

        assertThat(s.one("SELECT indisvalid FROM pg_index WHERE indexrelid = 't_email_key'::regclass")).isEqualTo("t");
        assertThat(events.lines).anyMatch(l -> l.contains("left INVALID") && l.contains("t_email_key"));
        assertThat(s.load().status().hasWorkToDo()).isFalse();
    }

    @Test
    void aConcurrentIndexAlreadyBuiltByAnInterruptedRunIsNotBuiltAgain() {
        Scratch s = new Scratch(db).file("V1__t.sql", "CREATE TABLE t (id bigint PRIMARY KEY, v text);");
        s.load().up();
        // As if a run built the index and was killed before recording the step.
        s.exec("CREATE INDEX t_v_idx ON t (v)");
        s.file("V2__index.sql", "-- cardea:transaction none\nCREATE INDEX CONCURRENTLY t_v_idx ON t (v);");
        RecordedEvents events = new RecordedEvents();

        s.migrator().events(events).load().up();

        assertThat(events.lines).anyMatch(l -> l.contains("already exists and is valid"));
        assertThat(s.load().status().hasWorkToDo()).isFalse();
    }

    @Test
    void aBackfillVisitsEveryRowOnceInBatchesAndReportsProgress() {
        Scratch s = new Scratch(db).file("V1__t.sql", "CREATE TABLE t (id bigint PRIMARY KEY, n int NOT NULL DEFAULT 0);");
        s.load().up();
        // Gaps in the keys: batches follow the keys that exist, not a numeric range.
        s.exec("INSERT INTO t (id) SELECT g * 7 FROM generate_series(1, 2500) g");
        s.exec("ANALYZE t");
        s.file("V2__touch.sql", """
                -- cardea:transaction none
                -- cardea:backfill table=t key=id batch=300 pause=0ms
                UPDATE t SET n = n + 1 WHERE id BETWEEN :from AND :to;
                """);
        RecordedEvents events = new RecordedEvents();

        s.migrator().events(events).load().up();

        assertThat(s.query("SELECT n || ':' || count(*) FROM t GROUP BY n")).containsExactly("1:2500");
        assertThat(events.count("backfill V2 step 1")).isEqualTo(9); // ceil(2500 / 300)
        assertThat(events.lines).contains("backfill V2 step 1 rows 2500");
        assertThat(s.one("SELECT rows_done FROM cardea_backfill_progress WHERE version = 2")).isEqualTo("2500");
    }

    @Test
    void backfillBatchSizeAndPauseCanBeOverriddenByTheOperator() {
        Scratch s = new Scratch(db).file("V1__t.sql", "CREATE TABLE t (id text PRIMARY KEY, n int NOT NULL DEFAULT 0);");
        s.load().up();
        s.exec("INSERT INTO t (id) SELECT 'key-' || g FROM generate_series(1, 100) g");
        s.file("V2__touch.sql", """
                -- cardea:transaction none
                -- cardea:backfill table=t key=id batch=1000 pause=1s
                UPDATE t SET n = n + 1 WHERE id BETWEEN :from AND :to;
                """);
        RecordedEvents events = new RecordedEvents();
        long started = System.nanoTime();

        s.migrator().settings(MigrateSettings.DEFAULTS.withBackfill(10, Duration.ZERO)).events(events).load().up();

        assertThat(events.count("backfill V2")).isEqualTo(10);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(s.query("SELECT DISTINCT n FROM t")).containsExactly("1");
    }

    @Test
    void aBackfillOnAUuidKeyWorks() {
        Scratch s = new Scratch(db).file("V1__t.sql", "CREATE TABLE t (id uuid PRIMARY KEY, n int NOT NULL DEFAULT 0);");
        s.load().up();
        s.exec("INSERT INTO t (id) SELECT gen_random_uuid() FROM generate_series(1, 250)");
        s.file("V2__touch.sql", """
                -- cardea:transaction none
                -- cardea:backfill table=t key=id batch=40 pause=0ms
                UPDATE t SET n = n + 1 WHERE id BETWEEN :from AND :to;
                """);

        s.load().up();

        assertThat(s.query("SELECT n || ':' || count(*) FROM t GROUP BY n")).containsExactly("1:250");
    }

    @Test
    void aConcurrentIndexBuildWaitsOutALongTransactionInsteadOfThrowingItsWorkAway() throws Exception {
        Scratch s = new Scratch(db).file("V1__t.sql", "CREATE TABLE t (id bigint PRIMARY KEY, v text);");
        s.load().up();
        s.exec("INSERT INTO t SELECT g, 'v' || g FROM generate_series(1, 5000) g");
        s.file("V2__index.sql", "-- cardea:transaction none\nCREATE INDEX CONCURRENTLY t_v_idx ON t (v);");
        RecordedEvents events = new RecordedEvents();
        try (var longTransaction = s.connect()) {
            // An open transaction with a snapshot: the build must wait for it before it can finish.
            longTransaction.setAutoCommit(false);
            longTransaction.createStatement().executeQuery("SELECT count(*) FROM t").close();
            var build = java.util.concurrent.CompletableFuture.runAsync(() -> s.migrator()
                    .settings(MigrateSettings.DEFAULTS.withLockTimeout(Duration.ofMillis(100))).events(events)
                    .load().up());
            Thread.sleep(1500); // 15 lock timeouts' worth
            longTransaction.commit();
            build.get(60, java.util.concurrent.TimeUnit.SECONDS);
        }

        assertThat(events.count("retry")).isZero();
        assertThat(s.one("SELECT indisvalid FROM pg_index WHERE indexrelid = 't_v_idx'::regclass")).isEqualTo("t");
    }
}
