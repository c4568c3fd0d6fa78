package io.cardea.migrate.run;

import io.cardea.migrate.MigrationEvents;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The session-level advisory lock that lets only one migrator work on a database at a time. It is
 * tied to the connection, so a migrator that dies (even by {@code kill -9}) releases it.
 *
 * <p>It is taken by polling {@code pg_try_advisory_lock} rather than waiting in
 * {@code pg_advisory_lock}: a session blocked in that call holds a snapshot, and the migrator
 * holding the lock would then wait for it in {@code CREATE INDEX CONCURRENTLY}.
 */
public final class MigrationLock implements AutoCloseable {

    /** "Card" in ASCII: fits the low 32 bits, so pg_locks shows it as objid with classid 0. */
    static final long KEY = 0x43617264L;
    private static final long POLL_MILLIS = 200;

    private final Connection connection;

    private MigrationLock(Connection connection) {
        this.connection = connection;
    }

    public static MigrationLock acquire(Connection connection, MigrationEvents events) throws SQLException {
        boolean reported = false;
        while (!tryLock(connection)) {
            if (!reported) {
                events.waitingForLock(holder(connection));
                reported = true;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while waiting for the migration lock", e);
            }
        }
        return new MigrationLock(connection);
    }

    private static boolean tryLock(Connection connection) throws SQLException {
        try (var st = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            st.setLong(1, KEY);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** Who holds the lock, in words, for the operator watching a migrator wait. */
    static String holder(Connection connection) throws SQLException {
        try (var st = connection.prepareStatement("""
                SELECT a.pid, coalesce(a.application_name, ''), coalesce(host(a.client_addr), 'local'), a.backend_start
                  FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                 WHERE l.locktype = 'advisory' AND l.classid = 0 AND l.objid = ? AND l.objsubid = 1 AND l.granted""")) {
            st.setLong(1, KEY);
            try (ResultSet rs = st.executeQuery()) {
                if (rs.next()) {
                    return "pid " + rs.getInt(1) + " (" + rs.getString(2) + " from " + rs.getString(3)
                            + ", connected " + rs.getTimestamp(4).toInstant() + ")";
                }
                return "another session (it just released the lock)";
            }
        }
    }

    @Override
    public void close() throws SQLException {
        if (connection.isClosed()) {
            return;
        }
        if (!connection.getAutoCommit()) {
            connection.rollback();
        }
        try (var st = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            st.setLong(1, KEY);
            st.execute();
        }
    }
}
