package io.cardea.migrate;

import io.cardea.migrate.analysis.StatementAnalyzer;
import io.cardea.migrate.history.AppliedMigration;
import io.cardea.migrate.history.SchemaHistory;
import io.cardea.migrate.run.MigrationLock;
import io.cardea.migrate.run.MigrationRunner;
import io.cardea.migrate.script.Migration;
import io.cardea.migrate.script.MigrationSource;
import io.cardea.migrate.script.Phase;
import io.cardea.migrate.script.Step;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The migration engine. Typical use:
 *
 * <pre>
 * Migrator migrator = Migrator.configure()
 *         .dataSource(dataSource)
 *         .migrations(MigrationSource.fromClasspath("db/migration", loader))
 *         .load();
 * migrator.up();         // expand migrations, before the new release is deployed
 * migrator.contract();   // contract migrations, once the previous release is gone
 * </pre>
 */
public final class Migrator {

    private final DataSource dataSource;
    private final List<Migration> migrations;
    private final MigrateSettings settings;
    private final MigrationEvents events;
    private final String appliedBy;

    private Migrator(Builder b) {
        this.dataSource = Objects.requireNonNull(b.dataSource, "dataSource");
        this.migrations = List.copyOf(b.migrations);
        this.settings = b.settings;
        this.events = new LoggedEvents(b.events);
        this.appliedBy = b.appliedBy != null ? b.appliedBy : defaultAppliedBy();
    }

    public static Builder configure() {
        return new Builder();
    }

    public List<Migration> migrations() {
        return migrations;
    }

    /** Where every migration stands. Reads only. */
    public StatusReport status() {
        try (Connection c = connect(true)) {
            return status(new SchemaHistory(c).read());
        } catch (SQLException e) {
            throw databaseError("read the schema history", e);
        }
    }

    /** Applies the pending expand migrations, in version order. Returns those it applied. */
    public List<Migration> up() {
        return apply(Phase.EXPAND);
    }

    /** Applies the pending contract migrations; refuses while an earlier expand migration is pending. */
    public List<Migration> contract() {
        return apply(Phase.CONTRACT);
    }

    /** The dry-run: what {@link #up} or {@link #contract} would do now. Touches nothing. */
    public MigrationPlan plan(Phase phase) {
        try (Connection c = connect(true)) {
            Map<Long, AppliedMigration> rows = new SchemaHistory(c).read();
            List<MigrationPlan.Planned> planned = new ArrayList<>();
            for (Migration m : select(phase, rows)) {
                AppliedMigration row = rows.get(m.version());
                int first = row != null && !m.transactional() ? row.stepsDone() + 1 : 1;
                planned.add(new MigrationPlan.Planned(m, first,
                        m.steps().stream().map(Step::sql).map(StatementAnalyzer::analyze).toList()));
            }
            return new MigrationPlan(phase, planned);
        } catch (SQLException e) {
            throw databaseError("read the schema history", e);
        }
    }

    /** Applies the pending migrations of one phase. Returns those it applied. */
    public List<Migration> apply(Phase phase) {
        try (Connection c = connect(false); MigrationLock lock = MigrationLock.acquire(c, events)) {
            SchemaHistory history = new SchemaHistory(c);
            history.create();
            Map<Long, AppliedMigration> rows = history.read();
            List<Migration> toRun = select(phase, rows);
            MigrationRunner runner = new MigrationRunner(c, settings, events, appliedBy);
            for (Migration m : toRun) {
                runner.apply(m, rows.get(m.version()));
            }
            return toRun;
        } catch (SQLException e) {
            throw databaseError("migrate", e);
        }
    }

    /** The migrations of {@code phase} still to run, after the checks that make running them safe. */
    private List<Migration> select(Phase phase, Map<Long, AppliedMigration> rows) {
        StatusReport report = status(rows);
        List<MigrationStatus> mismatched = report.inState(MigrationState.CHECKSUM_MISMATCH);
        if (!mismatched.isEmpty()) {
            StringBuilder msg = new StringBuilder("refusing to migrate: applied migrations were edited after they ran:");
            for (MigrationStatus s : mismatched) {
                Migration m = find(s.version());
                msg.append("\n  ").append(m.label()).append(" (").append(m.location()).append("): applied with checksum ")
                        .append(rows.get(s.version()).checksum(), 0, 12).append("…, the file now has ")
                        .append(m.checksum(), 0, 12).append('…');
            }
            msg.append("\nAn applied migration must never change: restore the file as released and put the change "
                    + "in a new migration.");
            throw new MigrationException(msg.toString());
        }
        long highestApplied = rows.values().stream().filter(r -> r.state().equals(AppliedMigration.APPLIED))
                .mapToLong(AppliedMigration::version).max().orElse(0);
        List<Migration> toRun = new ArrayList<>();
        for (MigrationStatus s : report.toRun(phase)) {
            Migration m = find(s.version());
            if (phase == Phase.EXPAND && s.state() == MigrationState.PENDING && m.version() < highestApplied) {
                throw new MigrationException(m.label() + " (" + m.location() + ") is pending, but the database "
                        + "already has V" + highestApplied + " applied. Versions only grow: give the migration a "
                        + "version above " + highestApplied + ".");
            }
            toRun.add(m);
        }
        if (phase == Phase.CONTRACT && !toRun.isEmpty()) {
            long lastContract = toRun.getLast().version();
            List<String> blocking = report.toRun(Phase.EXPAND).stream().filter(e -> e.version() < lastContract)
                    .map(e -> "V" + e.version() + " " + e.name()).toList();
            if (!blocking.isEmpty()) {
                throw new MigrationException("refusing to contract: expand migrations " + String.join(", ", blocking)
                        + " come before the contract migrations and are not applied. Run `cardea migrate up` first.");
            }
        }
        return toRun;
    }

    private StatusReport status(Map<Long, AppliedMigration> rows) {
        List<MigrationStatus> out = new ArrayList<>();
        for (Migration m : migrations) {
            AppliedMigration row = rows.get(m.version());
            if (row == null) {
                out.add(new MigrationStatus(m.version(), m.name(), m.phase(), MigrationState.PENDING, null, null, null,
                        null));
                continue;
            }
            MigrationState state = switch (row.state()) {
                case AppliedMigration.APPLIED -> row.checksum().equals(m.checksum()) ? MigrationState.APPLIED
                        : MigrationState.CHECKSUM_MISMATCH;
                case AppliedMigration.FAILED -> MigrationState.FAILED;
                default -> MigrationState.INCOMPLETE;
            };
            out.add(new MigrationStatus(m.version(), m.name(), m.phase(), state, row.appliedAt(), row.appliedBy(),
                    row.duration(), row.error()));
        }
        for (AppliedMigration row : rows.values()) {
            if (migrations.stream().noneMatch(m -> m.version() == row.version())) {
                out.add(new MigrationStatus(row.version(), row.name(), row.phase(), MigrationState.UNKNOWN,
                        row.appliedAt(), row.appliedBy(), row.duration(), row.error()));
            }
        }
        out.sort((a, b) -> Long.compare(a.version(), b.version()));
        return new StatusReport(List.copyOf(out));
    }

    private Migration find(long version) {
        return migrations.stream().filter(m -> m.version() == version).findFirst().orElseThrow();
    }

    private Connection connect(boolean readOnly) throws SQLException {
        Connection c = dataSource.getConnection();
        try {
            c.setAutoCommit(true);
            try (var st = c.createStatement()) {
                st.execute("SET application_name = 'cardea-migrate'");
            }
            c.setReadOnly(readOnly);
            return c;
        } catch (SQLException e) {
            c.close();
            throw e;
        }
    }

    private static MigrationException databaseError(String what, SQLException e) {
        return new MigrationException("could not " + what + ": " + e.getMessage() + " [SQLSTATE " + e.getSQLState()
                + "]. Check that the database is reachable and the user may change its schema.", e);
    }

    private static String defaultAppliedBy() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        String version = Migrator.class.getPackage().getImplementationVersion();
        return System.getProperty("user.name") + "@" + host + " (cardea " + (version == null ? "dev" : version) + ")";
    }

    public static final class Builder {
        private DataSource dataSource;
        private List<Migration> migrations;
        private MigrateSettings settings = MigrateSettings.DEFAULTS;
        private MigrationEvents events = MigrationEvents.NONE;
        private String appliedBy;

        private Builder() {}

        public Builder dataSource(DataSource value) {
            this.dataSource = value;
            return this;
        }

        public Builder migrations(List<Migration> value) {
            this.migrations = value;
            return this;
        }

        /** The migrations under {@code db/migration} on the classpath: those the release ships. */
        public Builder releaseMigrations() {
            return migrations(MigrationSource.fromClasspath(MigrationSource.DEFAULT_LOCATION,
                    Thread.currentThread().getContextClassLoader()));
        }

        public Builder settings(MigrateSettings value) {
            this.settings = value;
            return this;
        }

        public Builder events(MigrationEvents value) {
            this.events = value;
            return this;
        }

        public Builder appliedBy(String value) {
            this.appliedBy = value;
            return this;
        }

        public Migrator load() {
            if (migrations == null) {
                releaseMigrations();
            }
            return new Migrator(this);
        }
    }
}
