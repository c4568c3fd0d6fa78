package io.cardea.migrate.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Proves the dry-run's lock claims on a real PostgreSQL: each statement runs, the locks its own
 * backend then holds are read from {@code pg_locks}, and for every table of the schema the
 * strongest of them must be exactly what {@link StatementAnalyzer} predicted (none where it
 * predicted none).
 */
@ExtendWith(PostgresExtension.class)
class StatementAnalyzerLocksTest {

    /** Every table that exists before a statement runs; the statements below use no others. */
    private static final List<String> TABLES = List.of("parent", "child", "other");

    private static TestDatabase db;

    @BeforeAll
    static void schema(TestDatabase database) throws SQLException {
        db = database;
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("""
                    CREATE TABLE parent (id bigint PRIMARY KEY, name text NOT NULL);
                    CREATE UNIQUE INDEX parent_name_idx ON parent (name);
                    CREATE TABLE child (id bigint PRIMARY KEY, parent_id bigint, note text, amount int);
                    ALTER TABLE child ADD CONSTRAINT child_amount_positive CHECK (amount > 0) NOT VALID;
                    CREATE INDEX child_amount_idx ON child (amount);
                    CREATE TABLE other (id bigint PRIMARY KEY);
                    CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
                    INSERT INTO parent VALUES (1, 'one'), (2, 'two');
                    INSERT INTO child VALUES (1, 1, 'a', 10), (2, 2, 'b', 20);
                    INSERT INTO other VALUES (1);
                    """);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "ALTER TABLE child ADD COLUMN locale text",
        "ALTER TABLE child ADD COLUMN status text NOT NULL DEFAULT 'active'",
        "ALTER TABLE child ADD COLUMN token uuid DEFAULT gen_random_uuid()",
        "ALTER TABLE child ADD COLUMN owner_id bigint REFERENCES parent (id)",
        "ALTER TABLE child ADD COLUMN z int, ALTER COLUMN note SET STATISTICS 100",
        "ALTER TABLE child DROP COLUMN note",
        "ALTER TABLE child ALTER COLUMN amount TYPE bigint",
        "ALTER TABLE child ALTER COLUMN note SET NOT NULL",
        "ALTER TABLE parent ALTER COLUMN name DROP NOT NULL",
        "ALTER TABLE child ALTER COLUMN note SET DEFAULT ''",
        "ALTER TABLE child ALTER COLUMN note SET STATISTICS 500",
        "ALTER TABLE child ALTER COLUMN note SET (n_distinct = 100)",
        "ALTER TABLE child ADD CONSTRAINT child_note_present CHECK (note IS NOT NULL) NOT VALID",
        "ALTER TABLE child ADD CONSTRAINT child_note_present CHECK (note IS NOT NULL)",
        "ALTER TABLE child VALIDATE CONSTRAINT child_amount_positive",
        "ALTER TABLE child ADD CONSTRAINT child_parent_fk FOREIGN KEY (parent_id) REFERENCES parent (id) NOT VALID",
        "ALTER TABLE child ADD CONSTRAINT child_parent_fk FOREIGN KEY (parent_id) REFERENCES parent (id)",
        "ALTER TABLE child ADD CONSTRAINT child_note_key UNIQUE (note)",
        "ALTER TABLE parent ADD CONSTRAINT parent_name_key UNIQUE USING INDEX parent_name_idx",
        "ALTER TABLE child SET (fillfactor = 70)",
        "ALTER TABLE child CLUSTER ON child_pkey",
        "ALTER TABLE child DISABLE TRIGGER ALL",
        "ALTER TABLE child RENAME COLUMN note TO remark",
        "ALTER TABLE child RENAME TO kid",
        "CREATE INDEX child_note_idx ON child (note)",
        "CREATE UNIQUE INDEX IF NOT EXISTS child_note_idx ON ONLY child (note)",
        "CREATE TABLE audit (id bigint PRIMARY KEY, at timestamptz)",
        "CREATE TABLE audit (id bigint, parent_id bigint REFERENCES parent (id), other_id bigint REFERENCES other)",
        "CREATE TRIGGER child_touch BEFORE UPDATE ON child FOR EACH ROW EXECUTE FUNCTION touch()",
        "UPDATE child SET note = 'c' WHERE id = 1",
        "INSERT INTO child (id, note) VALUES (3, 'c')",
        "DELETE FROM child WHERE id = 2",
        "TRUNCATE child",
        "TRUNCATE TABLE child, other",
        "DROP TABLE child",
        "DROP TABLE IF EXISTS child, other",
    })
    void predictedLocksAreTheLocksPostgresTakes(String sql) throws SQLException {
        StatementAnalysis analysis = StatementAnalyzer.analyze(sql);
        assertThat(analysis.recognised()).isTrue();
        assertThat(analysis.outsideTransaction()).isFalse();

        assertThat(observedLocks(sql)).as("strongest lock per table").isEqualTo(predicted(analysis));
    }

    /**
     * Statements PostgreSQL refuses to run in a transaction block cannot be held open to read
     * their locks. Instead another session holds SHARE UPDATE EXCLUSIVE on the table, which every
     * one of these statements needs at least: the statement queues for its lock on the table, and
     * {@code pg_locks} shows the mode it asked for. (A brief ACCESS SHARE lock that VACUUM takes
     * first to look the table up passes the blocker, as it should.)
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "CREATE INDEX CONCURRENTLY child_note_concurrent_idx ON child (note)",
        "DROP INDEX CONCURRENTLY IF EXISTS child_amount_idx",
        "VACUUM child",
        "VACUUM FULL child",
        "VACUUM (FULL, ANALYZE) child",
    })
    void predictedLockOfAStatementOutsideATransactionIsTheOneItWaitsFor(String sql) throws Exception {
        StatementAnalysis analysis = StatementAnalyzer.analyze(sql);
        assertThat(analysis.recognised()).isTrue();
        assertThat(analysis.outsideTransaction()).isTrue();

        LockMode requested;
        try (Connection blocker = db.connect(); Connection runner = db.connect()) {
            long child = oids(blocker).get("child");
            int runnerPid = pid(runner);
            blocker.setAutoCommit(false);
            try (Statement st = blocker.createStatement()) {
                st.execute("LOCK TABLE child IN SHARE UPDATE EXCLUSIVE MODE");
            }
            CompletableFuture<Void> run = CompletableFuture.runAsync(() -> {
                try (Statement st = runner.createStatement()) {
                    st.execute("SET lock_timeout = '30s'");
                    st.execute(sql);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            try {
                requested = waitForLockRequest(blocker, runnerPid, child);
            } finally {
                blocker.rollback();
            }
            run.get(30, TimeUnit.SECONDS);
            try (Statement st = blocker.createStatement()) {
                st.execute("CREATE INDEX IF NOT EXISTS child_amount_idx ON child (amount)");
                st.execute("DROP INDEX IF EXISTS child_note_concurrent_idx");
            }
            blocker.commit();
        }
        assertThat(requested).isEqualTo(analysis.strongestLock());
    }

    /** Runs {@code sql} in a transaction, reads the locks it holds, and rolls it back. */
    private static Map<String, LockMode> observedLocks(String sql) throws SQLException {
        try (Connection c = db.connect()) {
            // The oids are read first: a statement may drop or rename the table it locks.
            Map<Long, String> tables = invert(oids(c));
            c.setAutoCommit(false);
            try {
                try (Statement st = c.createStatement()) {
                    st.execute(sql);
                }
                Map<String, LockMode> held = new HashMap<>();
                try (Statement st = c.createStatement();
                        ResultSet rs = st.executeQuery("SELECT relation::bigint, mode FROM pg_locks "
                                + "WHERE pid = pg_backend_pid() AND locktype = 'relation' AND granted")) {
                    while (rs.next()) {
                        String table = tables.get(rs.getLong(1));
                        if (table != null) {
                            held.merge(table, LockMode.fromPgLocks(rs.getString(2)), LockMode::max);
                        }
                    }
                }
                return held;
            } finally {
                c.rollback();
            }
        }
    }

    private static Map<String, LockMode> predicted(StatementAnalysis analysis) {
        Map<String, LockMode> predicted = new HashMap<>();
        for (TableLock lock : analysis.locks()) {
            predicted.merge(lock.table(), lock.mode(), LockMode::max);
        }
        return predicted;
    }

    private static LockMode waitForLockRequest(Connection observer, int pid, long table) throws SQLException,
            InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            LockMode strongest = null;
            boolean waiting = false;
            try (var st = observer.prepareStatement("SELECT mode, granted FROM pg_locks "
                    + "WHERE pid = ? AND locktype = 'relation' AND relation = ?::oid")) {
                st.setInt(1, pid);
                st.setLong(2, table);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        strongest = LockMode.fromPgLocks(rs.getString(1)).max(strongest);
                        waiting |= !rs.getBoolean(2);
                    }
                }
            }
            if (waiting) {
                return strongest;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the statement never queued for a lock on the table");
    }

    private static Map<String, Long> oids(Connection c) throws SQLException {
        Map<String, Long> oids = new LinkedHashMap<>();
        for (String table : TABLES) {
            try (var st = c.prepareStatement("SELECT ?::regclass::oid::bigint")) {
                st.setString(1, table);
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    oids.put(table, rs.getLong(1));
                }
            }
        }
        return oids;
    }

    private static Map<Long, String> invert(Map<String, Long> oids) {
        Map<Long, String> tables = new HashMap<>();
        oids.forEach((name, oid) -> tables.put(oid, name));
        return tables;
    }

    private static int pid(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
