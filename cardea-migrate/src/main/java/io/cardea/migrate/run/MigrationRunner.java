package io.cardea.migrate.run;

import io.cardea.migrate.MigrateSettings;
import io.cardea.migrate.MigrationEvents;
import io.cardea.migrate.MigrationException;
import io.cardea.migrate.analysis.Change;
import io.cardea.migrate.analysis.StatementAnalysis;
import io.cardea.migrate.analysis.StatementAnalyzer;
import io.cardea.migrate.history.AppliedMigration;
import io.cardea.migrate.history.SchemaHistory;
import io.cardea.migrate.script.Migration;
import io.cardea.migrate.script.Step;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * Applies one migration on a connection that holds the {@link MigrationLock}.
 *
 * <p>A transactional migration runs whole in one transaction, its history row included: it is
 * applied entirely or not at all, and a lock timeout anywhere retries the whole transaction. A
 * step-by-step migration ({@code -- cardea:transaction none}) commits each step with its progress,
 * so a re-run after a failure or a {@code kill -9} resumes at the first unfinished step.
 */
public final class MigrationRunner {

    private final Connection connection;
    private final MigrateSettings settings;
    private final MigrationEvents events;
    private final String appliedBy;
    private final SchemaHistory history;
    private final LockRetry retry;

    public MigrationRunner(Connection connection, MigrateSettings settings, MigrationEvents events, String appliedBy) {
        this.connection = connection;
        this.settings = settings;
        this.events = events;
        this.appliedBy = appliedBy;
        this.history = new SchemaHistory(connection);
        this.retry = new LockRetry(settings);
    }

    /** @param previous the migration's history row from an earlier, unfinished run, or null */
    public void apply(Migration m, AppliedMigration previous) {
        events.starting(m);
        long started = System.nanoTime();
        if (m.transactional()) {
            applyInOneTransaction(m, started);
        } else {
            applyStepByStep(m, previous, started);
        }
        events.applied(m, since(started));
    }

    private void applyInOneTransaction(Migration m, long started) {
        int[] current = {0};
        try {
            retry.run(() -> Transaction.run(connection, settings, () -> {
                List<Step> steps = m.steps();
                for (current[0] = 0; current[0] < steps.size(); current[0]++) {
                    events.stepStarting(m, current[0] + 1, steps.get(current[0]));
                    try (var st = connection.createStatement()) {
                        st.execute(steps.get(current[0]).sql());
                    }
                }
                history.record(m, AppliedMigration.APPLIED, steps.size(), appliedBy, since(started), null);
                return null;
            }), (attempt, pause) -> events.lockRetry(m, current[0] + 1, attempt, pause));
        } catch (SQLException e) {
            String reason = reason(m, current[0], e) + "\n  The migration was rolled back whole: nothing of it is "
                    + "applied. " + fix(e, true, "run `cardea migrate` again");
            recordFailure(m, 0, started, reason);
            throw new MigrationException(reason, e);
        }
    }

    private void applyStepByStep(Migration m, AppliedMigration previous, long started) {
        int done = previous == null ? 0 : previous.stepsDone();
        if (previous != null && done > 0 && !previous.checksum().equals(m.checksum())) {
            throw new MigrationException(m.label() + " (" + m.location() + ") stopped after step " + done + " of "
                    + m.steps().size() + ", and its file has changed since. Steps already done may differ from "
                    + "the file now: restore the file as it was, run `cardea migrate up` to finish it, and put any "
                    + "change in a new migration.");
        }
        for (int i = 0; i < done; i++) {
            events.stepSkipped(m, i + 1, "done by an earlier run");
        }
        int step = done;
        try {
            for (; step < m.steps().size(); step++) {
                Step s = m.steps().get(step);
                events.stepStarting(m, step + 1, s);
                int number = step + 1;
                switch (s) {
                    case Step.Backfill backfill -> {
                        new Backfill(connection, settings).run(m.version(), number, backfill,
                                (rows, estimate, rate) -> events.backfillProgress(m, number, rows, estimate, rate),
                                (attempt, pause) -> events.lockRetry(m, number, attempt, pause));
                        recordStep(m, number, started);
                    }
                    case Step.Statement statement -> runStatement(m, number, statement, started);
                }
            }
        } catch (SQLException e) {
            String reason = reason(m, step, e) + "\n  " + (step == 0 ? "No step is done yet. "
                    : "Steps 1 to " + step + " of " + m.steps().size() + " are done and recorded. ") + fix(e, step == 0, "run `cardea migrate` again to resume at step " + (step + 1));
            recordFailure(m, step, started, reason);
            throw new MigrationException(reason, e);
        }
        try {
            history.record(m, AppliedMigration.APPLIED, m.steps().size(), appliedBy, since(started), null);
        } catch (SQLException e) {
            throw new MigrationException("could not record " + m.label() + " as applied: " + e.getMessage(), e);
        }
    }

    private void runStatement(Migration m, int number, Step.Statement s, long started) throws SQLException {
        StatementAnalysis analysis = StatementAnalyzer.analyze(s.sql());
        if (!analysis.outsideTransaction()) {
            // Runs in its own transaction together with the progress record: done exactly once.
            retry.run(() -> Transaction.run(connection, settings, () -> {
                try (var st = connection.createStatement()) {
                    st.execute(s.sql());
                }
                history.record(m, AppliedMigration.RUNNING, number, appliedBy, since(started), null);
                return null;
            }), (attempt, pause) -> events.lockRetry(m, number, attempt, pause));
            return;
        }
        String index = concurrentIndexName(analysis);
        retry.run(() -> {
            if (index != null) {
                switch (ConcurrentIndex.find(connection, index)) {
                    case VALID -> {
                        events.stepSkipped(m, number, "index " + index + " already exists and is valid");
                        return null;
                    }
                    case INVALID -> {
                        events.stepSkipped(m, number, "index " + index
                                + " was left INVALID by an earlier attempt: dropping it to build it again");
                        ConcurrentIndex.dropInvalid(connection, index);
                    }
                    case NONE -> { }
                }
            }
            Timeouts.forConcurrentStatement(connection, settings);
            try (var st = connection.createStatement()) {
                st.execute(s.sql());
            } finally {
                try (var st = connection.createStatement()) {
                    st.execute("RESET lock_timeout; RESET statement_timeout");
                }
            }
            return null;
        }, (attempt, pause) -> events.lockRetry(m, number, attempt, pause));
        recordStep(m, number, started);
    }

    private static String concurrentIndexName(StatementAnalysis analysis) {
        for (Change c : analysis.changes()) {
            if (c.kind() == Change.Kind.CREATE_INDEX && c.safe()) {
                return c.target();
            }
        }
        return null;
    }

    private void recordStep(Migration m, int stepsDone, long started) throws SQLException {
        history.record(m, AppliedMigration.RUNNING, stepsDone, appliedBy, since(started), null);
    }

    private void recordFailure(Migration m, int stepsDone, long started, String reason) {
        events.failed(m, reason);
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
                connection.setAutoCommit(true);
            }
            history.record(m, AppliedMigration.FAILED, stepsDone, appliedBy, since(started), reason);
        } catch (SQLException e) {
            // The database may be gone; the exception thrown to the caller still tells the cause.
        }
    }

    private static String reason(Migration m, int stepIndex, SQLException e) {
        Step s = stepIndex < m.steps().size() ? m.steps().get(stepIndex) : null;
        String where = s == null ? m.location() : m.location() + " line " + s.line();
        String statement = s == null ? "" : "\n  Statement " + (stepIndex + 1) + ": " + firstLine(s.sql());
        return m.label() + " failed (" + where + ")." + statement + "\n  PostgreSQL said: "
                + firstLine(String.valueOf(e.getMessage())) + " [SQLSTATE " + e.getSQLState() + "]";
    }

    private String fix(SQLException e, boolean fileEditable, String rerun) {
        if (LockRetry.LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
            return "It could not get its lock within " + settings.lockTimeout().toMillis() + " ms in "
                    + settings.lockAttempts() + " tries: a long transaction holds the table (look in "
                    + "pg_stat_activity). When it has ended, " + rerun + ".";
        }
        if ("57014".equals(e.getSQLState())) {
            return "The statement ran longer than statement_timeout (" + settings.statementTimeout().toMillis()
                    + " ms): raise --statement-timeout or make the step smaller, then " + rerun + ".";
        }
        return (fileEditable ? "Fix the migration file (safe: nothing of it is applied) or the data it trips over"
                : "Fix the data or schema it trips over (not the file: part of it has run)") + ", then " + rerun + ".";
    }

    private static String firstLine(String text) {
        String line = text.strip().lines().findFirst().orElse("");
        return line.length() > 160 ? line.substring(0, 157) + "..." : line;
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
}
