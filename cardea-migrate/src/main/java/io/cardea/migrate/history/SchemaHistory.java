package io.cardea.migrate.history;

import io.cardea.migrate.script.Migration;
import io.cardea.migrate.script.Phase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The table that records every migration run on a database: one row per version, written in the
 * same transaction as the migration itself where the migration is transactional.
 */
public final class SchemaHistory {

    public static final String TABLE = "cardea_schema_history";
    public static final String BACKFILL_TABLE = "cardea_backfill_progress";

    private final Connection connection;

    public SchemaHistory(Connection connection) {
        this.connection = connection;
    }

    public boolean exists() throws SQLException {
        try (var st = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            st.setString(1, TABLE);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** Creates the history tables if missing. Call while holding the migration lock. */
    public void create() throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(true);
        try (var st = connection.createStatement()) {
            st.execute("""
                    CREATE TABLE IF NOT EXISTS cardea_schema_history (
                        version      bigint PRIMARY KEY,
                        name         text NOT NULL,
                        phase        text NOT NULL CHECK (phase IN ('expand', 'contract')),
                        checksum     text NOT NULL,
                        state        text NOT NULL CHECK (state IN ('applied', 'failed', 'running')),
                        steps_done   integer NOT NULL DEFAULT 0,
                        applied_at   timestamptz NOT NULL DEFAULT now(),
                        applied_by   text NOT NULL,
                        duration_ms  bigint NOT NULL DEFAULT 0,
                        success      boolean NOT NULL,
                        error        text
                    )""");
            st.execute("""
                    CREATE TABLE IF NOT EXISTS cardea_backfill_progress (
                        version     bigint NOT NULL,
                        step        integer NOT NULL,
                        last_key    text NOT NULL,
                        rows_done   bigint NOT NULL,
                        updated_at  timestamptz NOT NULL DEFAULT now(),
                        PRIMARY KEY (version, step)
                    )""");
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /** Every row, by version; empty when the table does not exist yet. */
    public Map<Long, AppliedMigration> read() throws SQLException {
        Map<Long, AppliedMigration> rows = new LinkedHashMap<>();
        if (!exists()) {
            return rows;
        }
        try (var st = connection.createStatement();
                ResultSet rs = st.executeQuery("SELECT version, name, phase, checksum, state, steps_done, applied_at, "
                        + "applied_by, duration_ms, success, error FROM cardea_schema_history ORDER BY version")) {
            while (rs.next()) {
                rows.put(rs.getLong(1), new AppliedMigration(rs.getLong(1), rs.getString(2),
                        Phase.parse(rs.getString(3)), rs.getString(4), rs.getString(5), rs.getInt(6),
                        rs.getTimestamp(7).toInstant(), rs.getString(8), Duration.ofMillis(rs.getLong(9)),
                        rs.getBoolean(10), rs.getString(11)));
            }
        }
        return rows;
    }

    /** Records the outcome; {@code state} is one of {@link AppliedMigration}'s constants. */
    public void record(Migration m, String state, int stepsDone, String appliedBy, Duration duration, String error)
            throws SQLException {
        try (var st = connection.prepareStatement("""
                INSERT INTO cardea_schema_history
                    (version, name, phase, checksum, state, steps_done, applied_at, applied_by, duration_ms, success, error)
                VALUES (?, ?, ?, ?, ?, ?, now(), ?, ?, ?, ?)
                ON CONFLICT (version) DO UPDATE SET name = excluded.name, phase = excluded.phase,
                    checksum = excluded.checksum, state = excluded.state, steps_done = excluded.steps_done,
                    applied_at = excluded.applied_at, applied_by = excluded.applied_by,
                    duration_ms = excluded.duration_ms, success = excluded.success, error = excluded.error""")) {
            st.setLong(1, m.version());
            st.setString(2, m.name());
            st.setString(3, m.phase().label());
            st.setString(4, m.checksum());
            st.setString(5, state);
            st.setInt(6, stepsDone);
            st.setString(7, appliedBy);
            st.setLong(8, duration.toMillis());
            st.setBoolean(9, AppliedMigration.APPLIED.equals(state));
            st.setString(10, error);
            st.executeUpdate();
        }
    }
}
