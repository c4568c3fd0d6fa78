package io.cardea.migrate.run;

import io.cardea.migrate.MigrateSettings;
import io.cardea.migrate.MigrationException;
import io.cardea.migrate.script.Step;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a backfill statement over a table in primary-key order, one batch per transaction. Each
 * batch's transaction also records the last key it covered, so a run that is killed resumes after
 * the last committed batch and never applies a batch twice.
 */
final class Backfill {

    private static final Pattern PLACEHOLDER = Pattern.compile("(?<!:):(from|to)\\b");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

    /** Told after each batch. */
    interface Progress {
        void batchDone(long rowsDone, long rowsEstimated, double rowsPerSecond);
    }

    private final Connection connection;
    private final MigrateSettings settings;
    private final LockRetry retry;

    Backfill(Connection connection, MigrateSettings settings) {
        this.connection = connection;
        this.settings = settings;
        this.retry = new LockRetry(settings);
    }

    /** Returns the rows the statement changed in this run. */
    long run(long version, int stepIndex, Step.Backfill step, Progress progress, LockRetry.RetryListener onRetry)
            throws SQLException {
        if (!IDENTIFIER.matcher(step.table()).matches() || !IDENTIFIER.matcher(step.key()).matches()) {
            throw new MigrationException("backfill table and key must be plain names, not '" + step.table() + "' / '"
                    + step.key() + "'");
        }
        int batchSize = settings.backfillBatchSize() != null ? settings.backfillBatchSize() : step.batchSize();
        Duration pause = settings.backfillPause() != null ? settings.backfillPause() : step.pause();
        String cast = "CAST(? AS " + keyType(step) + ")";
        String keys = "SELECT " + step.key() + " AS k FROM " + step.table();
        // array_agg, not min/max: those do not exist for every key type (uuid has none).
        String bounds = "SELECT (array_agg(k ORDER BY k))[1]::text, (array_agg(k ORDER BY k DESC))[1]::text, count(*) ";
        String firstBatch = bounds + "FROM (" + keys + " ORDER BY 1 LIMIT " + batchSize + ") b";
        String nextBatch = bounds + "FROM (" + keys + " WHERE " + step.key() + " > " + cast + " ORDER BY 1 LIMIT "
                + batchSize + ") b";
        List<String> parameters = new ArrayList<>();
        Matcher placeholders = PLACEHOLDER.matcher(step.sql());
        while (placeholders.find()) {
            parameters.add(placeholders.group(1));
        }
        String update = placeholders.replaceAll(Matcher.quoteReplacement(cast));

        Done earlier = readProgress(version, stepIndex);
        String lastKey = earlier == null ? null : earlier.lastKey();
        long rowsDone = earlier == null ? 0 : earlier.rows();
        long estimated = Math.max(estimate(step.table()), rowsDone);
        long started = System.nanoTime();
        long rowsThisRun = 0;
        long changed = 0;
        while (true) {
            String from;
            String to;
            long count;
            try (PreparedStatement st = connection.prepareStatement(lastKey == null ? firstBatch : nextBatch)) {
                if (lastKey != null) {
                    st.setString(1, lastKey);
                }
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    from = rs.getString(1);
                    to = rs.getString(2);
                    count = rs.getLong(3);
                }
            }
            if (to == null) {
                return changed;
            }
            Batch batch = new Batch(from, to, count);
            changed += retry.run(() -> applyBatch(version, stepIndex, update, parameters, batch), onRetry);
            lastKey = to;
            rowsDone += count;
            rowsThisRun += count;
            estimated = Math.max(estimated, rowsDone);
            double seconds = (System.nanoTime() - started) / 1e9;
            progress.batchDone(rowsDone, estimated, seconds > 0 ? rowsThisRun / seconds : 0);
            if (!pause.isZero()) {
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SQLException("interrupted during backfill", e);
                }
            }
        }
    }

    /** Keys {@code from} to {@code to}, both inclusive, {@code rows} of them. */
    private record Batch(String from, String to, long rows) {}

    private int applyBatch(long version, int stepIndex, String update, List<String> parameters, Batch batch)
            throws SQLException {
        return Transaction.run(connection, settings, () -> {
            int changed;
            try (PreparedStatement st = connection.prepareStatement(update)) {
                for (int i = 0; i < parameters.size(); i++) {
                    st.setString(i + 1, parameters.get(i).equals("from") ? batch.from() : batch.to());
                }
                changed = st.executeUpdate();
            }
            try (PreparedStatement st = connection.prepareStatement("""
                    INSERT INTO cardea_backfill_progress (version, step, last_key, rows_done, updated_at)
                    VALUES (?, ?, ?, ?, now())
                    ON CONFLICT (version, step) DO UPDATE
                       SET last_key = excluded.last_key,
                           rows_done = cardea_backfill_progress.rows_done + excluded.rows_done,
                           updated_at = now()""")) {
                st.setLong(1, version);
                st.setInt(2, stepIndex);
                st.setString(3, batch.to());
                st.setLong(4, batch.rows());
                st.executeUpdate();
            }
            return changed;
        });
    }

    private String keyType(Step.Backfill step) throws SQLException {
        try (var st = connection.prepareStatement("SELECT format_type(a.atttypid, a.atttypmod) FROM pg_attribute a "
                + "WHERE a.attrelid = to_regclass(?) AND a.attname = ? AND NOT a.attisdropped")) {
            st.setString(1, step.table());
            st.setString(2, step.key());
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    throw new MigrationException("backfill of " + step.table() + ": no column " + step.key()
                            + " to batch by; name the primary key with 'key=COLUMN'");
                }
                return rs.getString(1);
            }
        }
    }

    /** Where an earlier run of this backfill stopped: the last key done and the rows done, or null. */
    private Done readProgress(long version, int stepIndex) throws SQLException {
        try (var st = connection.prepareStatement(
                "SELECT last_key, rows_done FROM cardea_backfill_progress WHERE version = ? AND step = ?")) {
            st.setLong(1, version);
            st.setInt(2, stepIndex);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? new Done(rs.getString(1), rs.getLong(2)) : null;
            }
        }
    }

    private record Done(String lastKey, long rows) {}

    /** The planner's row estimate: cheap on a large table, good enough for a progress bar. */
    private long estimate(String table) throws SQLException {
        try (var st = connection.prepareStatement("SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass(?)")) {
            st.setString(1, table);
            try (ResultSet rs = st.executeQuery()) {
                long estimate = rs.next() ? rs.getLong(1) : -1;
                return Math.max(estimate, 0);
            }
        }
    }
}
