package io.cardea.ops.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The deployment ledger in the deployment's own database: every upgrade and roll-back, who ran it,
 * from and to which release, each step with its timings and outcome, and why it ended as it did.
 * Its tables belong to the operator tooling, not to a release's schema, so they are created here
 * when first needed rather than by a server migration: any release's tools can write them.
 */
public final class DeploymentLedger {

    /** One key for every runner, so two upgrades of one database never run at once. */
    private static final long RUN_LOCK = 0x6361726465610001L;

    private static final String SCHEMA = """
            CREATE TABLE IF NOT EXISTS cardea_deployments (
                id           bigserial PRIMARY KEY,
                started_at   timestamptz NOT NULL DEFAULT now(),
                finished_at  timestamptz,
                os_user      text NOT NULL,
                from_release text NOT NULL,
                to_release   text NOT NULL,
                strategy     text NOT NULL,
                instances    integer NOT NULL,
                outcome      text NOT NULL DEFAULT 'running',
                reason       text,
                backup       text
            );
            CREATE TABLE IF NOT EXISTS cardea_deployment_steps (
                deployment_id bigint NOT NULL REFERENCES cardea_deployments (id) ON DELETE CASCADE,
                number        integer NOT NULL,
                name          text NOT NULL,
                started_at    timestamptz NOT NULL DEFAULT now(),
                finished_at   timestamptz,
                outcome       text NOT NULL DEFAULT 'running',
                detail        text NOT NULL DEFAULT '',
                PRIMARY KEY (deployment_id, number)
            );
            """;

    private final DataSource database;

    private DeploymentLedger(DataSource database) {
        this.database = database;
    }

    /** The ledger of {@code database}, its tables created when missing. */
    public static DeploymentLedger open(DataSource database) {
        try (Connection c = database.getConnection(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            // Two first runs at once must not both try to create the tables.
            st.execute("SELECT pg_advisory_xact_lock(" + RUN_LOCK + " + 1)");
            st.execute(SCHEMA);
            c.commit();
        } catch (SQLException e) {
            throw new LedgerException("could not open the deployment ledger: " + e.getMessage(), e);
        }
        return new DeploymentLedger(database);
    }

    /** Held for a whole run, on a connection of its own; released when closed or when the runner dies. */
    public AutoCloseable exclusive() {
        try {
            Connection c = database.getConnection();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_try_advisory_lock(" + RUN_LOCK + ")")) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    c.close();
                    throw new LedgerException("another `cardea upgrade run` or `rollback` is in progress on this "
                            + "database; wait for it to end (`cardea upgrade history` shows it)");
                }
            }
            return c::close;
        } catch (SQLException e) {
            throw new LedgerException("could not take the upgrade lock: " + e.getMessage(), e);
        }
    }

    public long begin(String who, String from, String to, String strategy, int instances) {
        return update("INSERT INTO cardea_deployments (os_user, from_release, to_release, strategy, instances) "
                + "VALUES (?, ?, ?, ?, ?) RETURNING id", who, from, to, strategy, instances);
    }

    public void beginStep(long deployment, int number, String name) {
        update("INSERT INTO cardea_deployment_steps (deployment_id, number, name) VALUES (?, ?, ?) RETURNING number",
                deployment, number, name);
    }

    public void endStep(long deployment, int number, String outcome, String detail) {
        update("UPDATE cardea_deployment_steps SET finished_at = now(), outcome = ?, detail = ? "
                + "WHERE deployment_id = ? AND number = ? RETURNING number", outcome, detail, deployment, number);
    }

    public void recordBackup(long deployment, String backup) {
        update("UPDATE cardea_deployments SET backup = ? WHERE id = ? RETURNING id", backup, deployment);
    }

    public void finish(long deployment, String outcome, String reason) {
        update("UPDATE cardea_deployments SET finished_at = now(), outcome = ?, reason = ? WHERE id = ? RETURNING id",
                outcome, reason, deployment);
    }

    /** The latest runs first. */
    public List<DeploymentRecord> recent(int limit) {
        return select("ORDER BY id DESC LIMIT " + Math.max(1, limit));
    }

    /** The latest run that ended with {@code release} serving. */
    public Optional<DeploymentRecord> lastSucceededTo(String release) {
        return select("WHERE outcome = '" + DeploymentRecord.SUCCEEDED + "' AND to_release = ? ORDER BY id DESC LIMIT 1",
                release).stream().findFirst();
    }

    private List<DeploymentRecord> select(String where, Object... parameters) {
        String sql = "SELECT id, started_at, finished_at, os_user, from_release, to_release, strategy, instances, "
                + "outcome, reason, backup FROM cardea_deployments " + where;
        try (Connection c = database.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            bind(st, parameters);
            List<DeploymentRecord> records = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    long id = rs.getLong("id");
                    records.add(new DeploymentRecord(id, rs.getTimestamp("started_at").toInstant(),
                            instant(rs.getTimestamp("finished_at")), rs.getString("os_user"),
                            rs.getString("from_release"), rs.getString("to_release"), rs.getString("strategy"),
                            rs.getInt("instances"), rs.getString("outcome"), Optional.ofNullable(rs.getString("reason")),
                            Optional.ofNullable(rs.getString("backup")), steps(c, id)));
                }
            }
            return records;
        } catch (SQLException e) {
            throw new LedgerException("could not read the deployment ledger: " + e.getMessage(), e);
        }
    }

    private static List<DeploymentRecord.Step> steps(Connection c, long deployment) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT number, name, started_at, finished_at, outcome, detail "
                + "FROM cardea_deployment_steps WHERE deployment_id = ? ORDER BY number")) {
            st.setLong(1, deployment);
            List<DeploymentRecord.Step> steps = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    steps.add(new DeploymentRecord.Step(rs.getInt("number"), rs.getString("name"),
                            rs.getTimestamp("started_at").toInstant(), instant(rs.getTimestamp("finished_at")),
                            rs.getString("outcome"), rs.getString("detail")));
                }
            }
            return steps;
        }
    }

    private static Optional<Instant> instant(Timestamp t) {
        return Optional.ofNullable(t).map(Timestamp::toInstant);
    }

    /** Runs one statement that returns one value, and returns it as a number. */
    private long update(String sql, Object... parameters) {
        try (Connection c = database.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            bind(st, parameters);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    throw new LedgerException("the deployment ledger has no row for " + List.of(parameters));
                }
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new LedgerException("could not write the deployment ledger: " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement st, Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            st.setObject(i + 1, parameters[i]);
        }
    }
}
