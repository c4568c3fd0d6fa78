package io.cardea.migrate.registry;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The servers running on a database, in {@value #TABLE}: each server writes its own row and keeps
 * it fresh with a heartbeat; commands that must not run beside some of them ({@code migrate
 * contract}, {@code restore}, upgrades) read the live ones.
 *
 * <p>The table belongs to Cardea's operational layer, like the schema history, and is created on
 * first use rather than by a release's migrations: a server of any release, and the commands, can
 * rely on it.
 */
public final class InstanceRegistry {

    public static final String TABLE = "cardea_instances";
    /** A server whose last heartbeat is older than this is taken for gone (killed, or cut off). */
    public static final Duration LIVE_WITHIN = Duration.ofSeconds(30);
    /** Rows of servers gone this long are removed when a server registers. */
    private static final Duration FORGOTTEN_AFTER = Duration.ofDays(1);
    /** "Inst" in ASCII: serializes creating the table among servers starting together. */
    private static final long CREATE_LOCK = 0x496e7374L;

    private final DataSource dataSource;

    public InstanceRegistry(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Writes (or rewrites) a server's row, with a fresh heartbeat; creates the table on first use. */
    public void register(Instance instance) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            createTable(c);
            try (var forget = c.prepareStatement("DELETE FROM " + TABLE + " WHERE heartbeat_at < now() - ?::interval")) {
                forget.setString(1, FORGOTTEN_AFTER.toSeconds() + " seconds");
                forget.executeUpdate();
            }
            try (var st = c.prepareStatement("""
                    INSERT INTO cardea_instances (id, release, base_url, pid, host, state, started_at, heartbeat_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, now())
                    ON CONFLICT (id) DO UPDATE SET release = excluded.release, base_url = excluded.base_url,
                        pid = excluded.pid, host = excluded.host, state = excluded.state, heartbeat_at = now()""")) {
                st.setString(1, instance.id());
                st.setString(2, instance.release());
                st.setString(3, instance.baseUrl());
                st.setLong(4, instance.pid());
                st.setString(5, instance.host());
                st.setString(6, instance.state().label());
                st.setTimestamp(7, Timestamp.from(instance.startedAt()));
                st.executeUpdate();
            }
        }
    }

    /**
     * Refreshes a server's heartbeat and state. Returns false when its row is gone (removed by hand,
     * or the table was restored from a backup), so the server can register again.
     */
    public boolean heartbeat(String id, InstanceState state) throws SQLException {
        try (Connection c = dataSource.getConnection();
                var st = c.prepareStatement("UPDATE " + TABLE + " SET heartbeat_at = now(), state = ? WHERE id = ?")) {
            st.setString(1, state.label());
            st.setString(2, id);
            return st.executeUpdate() == 1;
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) { // undefined_table: nobody registered yet on this database
                return false;
            }
            throw e;
        }
    }

    /** Removes a server's row, as it exits. */
    public void remove(String id) throws SQLException {
        if (!exists()) {
            return;
        }
        try (Connection c = dataSource.getConnection();
                var st = c.prepareStatement("DELETE FROM " + TABLE + " WHERE id = ?")) {
            st.setString(1, id);
            st.executeUpdate();
        }
    }

    /** The servers whose heartbeat is within {@link #LIVE_WITHIN}, oldest first. */
    public List<Instance> live() throws SQLException {
        return seenWithin(LIVE_WITHIN);
    }

    /**
     * The servers whose heartbeat is within {@code window}, oldest first: with a window longer than
     * {@link #LIVE_WITHIN}, also those that may only have missed a few heartbeats.
     */
    public List<Instance> seenWithin(Duration window) throws SQLException {
        List<Instance> instances = new ArrayList<>();
        if (!exists()) {
            return instances;
        }
        try (Connection c = dataSource.getConnection();
                var st = c.prepareStatement("SELECT id, release, base_url, pid, host, state, started_at, heartbeat_at FROM "
                        + TABLE + " WHERE heartbeat_at >= now() - ?::interval ORDER BY started_at, id")) {
            st.setString(1, window.toMillis() + " milliseconds");
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    instances.add(new Instance(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                            rs.getString(5), InstanceState.of(rs.getString(6)), rs.getTimestamp(7).toInstant(),
                            rs.getTimestamp(8).toInstant()));
                }
            }
        }
        return instances;
    }

    /** The live servers running a release other than {@code release}. */
    public List<Instance> liveOtherThan(String release) throws SQLException {
        return live().stream().filter(i -> !i.release().equals(release)).toList();
    }

    private boolean exists() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return tableExists(c, TABLE);
        }
    }

    static boolean tableExists(Connection c, String table) throws SQLException {
        try (var st = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            st.setString(1, table);
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static void createTable(Connection c) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (var st = c.createStatement()) {
            // CREATE TABLE IF NOT EXISTS alone can still collide when two servers start at once.
            st.execute("SELECT pg_advisory_xact_lock(" + CREATE_LOCK + ")");
            st.execute("""
                    CREATE TABLE IF NOT EXISTS cardea_instances (
                        id            text PRIMARY KEY,
                        release       text NOT NULL,
                        base_url      text NOT NULL,
                        pid           bigint NOT NULL,
                        host          text NOT NULL,
                        state         text NOT NULL CHECK (state IN ('starting', 'serving', 'draining')),
                        started_at    timestamptz NOT NULL,
                        heartbeat_at  timestamptz NOT NULL
                    )""");
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }
}
