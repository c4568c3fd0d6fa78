package io.cardea.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardea.migrate.script.Migration;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class ConcurrencyTest {

    /** Own threads: the common pool may have a single worker on a 2-core machine. */
    private static final ExecutorService THREADS = Executors.newCachedThreadPool();

    private final TestDatabase db;

    ConcurrencyTest(TestDatabase db) {
        this.db = db;
    }

    @Test
    void twoRunnersStartingTogetherApplyEachMigrationOnce() throws Exception {
        Scratch s = new Scratch(db).file("V1__slow.sql", """
                CREATE TABLE counter (n int);
                SELECT pg_sleep(1);
                INSERT INTO counter VALUES (1);
                """);
        RecordedEvents first = new RecordedEvents();
        RecordedEvents second = new RecordedEvents();
        CountDownLatch go = new CountDownLatch(1);

        CompletableFuture<List<Migration>> a = CompletableFuture.supplyAsync(() -> {
            await(go);
            return s.migrator().events(first).load().up();
        }, THREADS);
        CompletableFuture<List<Migration>> b = CompletableFuture.supplyAsync(() -> {
            await(go);
            return s.migrator().events(second).load().up();
        }, THREADS);
        go.countDown();

        int appliedByA = a.get().size();
        int appliedByB = b.get().size();
        assertThat(appliedByA + appliedByB).isEqualTo(1);
        RecordedEvents waiter = appliedByA == 0 ? first : second;
        assertThat(waiter.count("waiting pid")).isEqualTo(1);
        assertThat(s.query("SELECT n FROM counter")).containsExactly("1");
        assertThat(s.query("SELECT count(*) FROM cardea_schema_history")).containsExactly("1");
    }

    @Test
    void aStatementBlockedByALongTransactionBacksOffInsteadOfStallingTraffic() throws Exception {
        Scratch s = new Scratch(db).file("V1__t.sql", "CREATE TABLE t (id bigint PRIMARY KEY, v text);");
        s.load().up();
        s.exec("INSERT INTO t SELECT g, 'x' FROM generate_series(1, 1000) g");
        s.file("V2__add_w.sql", "ALTER TABLE t ADD COLUMN w text;");

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong slowestReadNanos = new AtomicLong();
        AtomicLong reads = new AtomicLong();
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
            try (Connection c = s.connect(); var st = c.prepareStatement("SELECT v FROM t WHERE id = ?")) {
                int i = 0;
                while (running.get()) {
                    long started = System.nanoTime();
                    st.setLong(1, 1 + (i++ % 1000));
                    st.executeQuery().close();
                    slowestReadNanos.accumulateAndGet(System.nanoTime() - started, Math::max);
                    reads.incrementAndGet();
                    Thread.sleep(5);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, THREADS);
        RecordedEvents events = new RecordedEvents();
        try (Connection holder = s.connect()) {
            // A long transaction holding ACCESS SHARE: ALTER TABLE must wait for it, and a waiting
            // ALTER TABLE would queue every later read behind it.
            holder.setAutoCommit(false);
            holder.createStatement().executeQuery("SELECT count(*) FROM t").close();
            CompletableFuture<List<Migration>> migration = CompletableFuture.supplyAsync(() -> s.migrator()
                    .settings(MigrateSettings.DEFAULTS.withLockTimeout(Duration.ofMillis(200))
                            .withRetryDelays(Duration.ofMillis(100), Duration.ofMillis(400)).withLockAttempts(100))
                    .events(events).load().up(), THREADS);
            Thread.sleep(2500);
            assertThat(migration).isNotDone();
            holder.rollback();
            assertThat(migration.get()).hasSize(1);
        } finally {
            running.set(false);
            reader.get();
        }

        assertThat(events.count("retry V2 step 1")).isGreaterThanOrEqualTo(2);
        assertThat(reads.get()).isGreaterThan(50);
        // Without lock_timeout the reads would have waited the full 2.5 s behind the queued ALTER.
        assertThat(Duration.ofNanos(slowestReadNanos.get())).isLessThan(Duration.ofMillis(1000));
        assertThat(s.query("SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
                + "AND table_name = 't' AND column_name = 'w'")).containsExactly("w");
    }

    @Test
    void aMigrationThatNeverGetsItsLockFailsWithTheCauseAndLeavesNothing() throws Exception {
        Scratch s = new Scratch(db).file("V1__t.sql", "CREATE TABLE t (id bigint PRIMARY KEY);");
        s.load().up();
        s.file("V2__add_w.sql", "ALTER TABLE t ADD COLUMN w text;");
        try (Connection holder = s.connect()) {
            holder.setAutoCommit(false);
            holder.createStatement().executeQuery("SELECT count(*) FROM t").close();

            assertThatThrownBy(() -> s.migrator()
                    .settings(MigrateSettings.DEFAULTS.withLockTimeout(Duration.ofMillis(100))
                            .withRetryDelays(Duration.ofMillis(20), Duration.ofMillis(50)).withLockAttempts(3))
                    .load().up())
                    .isInstanceOf(MigrationException.class)
                    .hasMessageContaining("55P03")
                    .hasMessageContaining("could not get its lock within 100 ms in 3 tries")
                    .hasMessageContaining("pg_stat_activity");
            holder.rollback();
        }
        assertThat(s.load().status().migrations().get(1).state()).isEqualTo(MigrationState.FAILED);
        assertThat(s.query("SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
                + "AND table_name = 't'")).containsExactly("id");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
