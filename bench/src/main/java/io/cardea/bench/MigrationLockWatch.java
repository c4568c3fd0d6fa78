package io.cardea.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * How long the load's requests waited on locks that something other than the load held — the
 * migration — as PostgreSQL shows it: every {@value #PERIOD_MS} ms, the oldest statement of a load
 * client that waits on a lock ({@code pg_stat_activity}) and is blocked by a session that is not a
 * load client ({@code pg_blocking_pids}).
 *
 * <p>This, not the slowest request, is what "blocked by the migration" means: on a machine whose
 * cores the load saturates, a point query is sometimes held up a second or two by the scheduler
 * alone, before the migration starts as well as after it. A wait is seen to within one period.
 */
final class MigrationLockWatch implements AutoCloseable {

    /** The {@code application_name} of the load's connections. */
    static final String LOAD_APPLICATION = "cardea-bench-load";

    static final int PERIOD_MS = 50;

    private static final String OLDEST_BLOCKED = """
            SELECT coalesce(max(extract(epoch FROM clock_timestamp() - a.query_start)), 0)
              FROM pg_stat_activity a
             WHERE a.application_name = ? AND a.wait_event_type = 'Lock'
               AND EXISTS (SELECT 1 FROM pg_stat_activity holder
                            WHERE holder.pid = ANY (pg_blocking_pids(a.pid))
                              AND holder.application_name IS DISTINCT FROM ?)
            """;

    private final Map<Phase, Long> longestNanos = new EnumMap<>(Phase.class);
    private final Thread thread;
    private volatile boolean stopping;
    private volatile SQLException failure;

    private MigrationLockWatch(DataSource dataSource, Supplier<Phase> phase) {
        this.thread = Thread.ofPlatform().name("migration-lock-watch").daemon().start(() -> watch(dataSource, phase));
    }

    /** Watches until closed, counting each wait in the phase the load is in when it is seen. */
    static MigrationLockWatch start(DataSource dataSource, Supplier<Phase> phase) {
        return new MigrationLockWatch(dataSource, phase);
    }

    private void watch(DataSource dataSource, Supplier<Phase> phase) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement oldest = connection.prepareStatement(OLDEST_BLOCKED)) {
            oldest.setString(1, LOAD_APPLICATION);
            oldest.setString(2, LOAD_APPLICATION);
            while (!stopping) {
                try (ResultSet rs = oldest.executeQuery()) {
                    rs.next();
                    long waited = (long) (rs.getDouble(1) * 1e9);
                    synchronized (longestNanos) {
                        longestNanos.merge(phase.get(), waited, Math::max);
                    }
                }
                Thread.sleep(PERIOD_MS);
            }
        } catch (SQLException e) {
            failure = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The longest wait seen in {@code phase}, in nanoseconds. */
    long longest(Phase phase) {
        synchronized (longestNanos) {
            return longestNanos.getOrDefault(phase, 0L);
        }
    }

    /** Stops watching; a watch that could not query PostgreSQL fails the run rather than report no wait. */
    @Override
    public void close() throws SQLException {
        stopping = true;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw failure;
        }
    }
}
