package io.cardea.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One client of the load: point reads and point writes on random accounts over its own
 * connection, back to back, each in its own transaction, as an application's request would.
 */
final class AccountClient implements Callable<Void> {

    static final int WRITE_PERCENT = 30;

    /**
     * A run that goes on far longer than planned must still end and fit in memory: each request
     * keeps its latency, so this bounds a client's recorders to a few hundred MiB.
     */
    static final long MAX_REQUESTS = 20_000_000;

    private final AccountLoad load;
    private final Connection connection;
    private final long rows;
    private final Map<Phase, LatencyRecorder> recorders = new EnumMap<>(Phase.class);

    AccountClient(AccountLoad load, Connection connection, long rows) {
        this.load = load;
        this.connection = connection;
        this.rows = rows;
        for (Phase phase : Phase.values()) {
            recorders.put(phase, new LatencyRecorder());
        }
    }

    LatencyRecorder recorder(Phase phase) {
        return recorders.get(phase);
    }

    @Override
    public Void call() throws SQLException {
        // Explicit columns, as the application names them: a new column must not change what a
        // prepared read returns.
        try (connection;
                PreparedStatement read = connection.prepareStatement("SELECT id, email, balance, updated_at FROM "
                        + AccountTable.NAME + " WHERE id = ?");
                PreparedStatement write = connection.prepareStatement("UPDATE " + AccountTable.NAME
                        + " SET balance = balance + 1, updated_at = now() WHERE id = ?")) {
            try (Statement name = connection.createStatement()) {
                name.execute("SET application_name = '" + MigrationLockWatch.LOAD_APPLICATION + "'");
            }
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (long n = 0; load.running(); n++) {
                if (n == MAX_REQUESTS) {
                    throw new IllegalStateException("a client reached " + MAX_REQUESTS + " requests: the run went "
                            + "on far longer than planned");
                }
                LatencyRecorder recorder = recorders.get(load.phase());
                boolean writing = random.nextInt(100) < WRITE_PERCENT;
                long id = random.nextLong(1, rows + 1);
                long start = System.nanoTime();
                try {
                    if (writing) {
                        write.setLong(1, id);
                        write.executeUpdate();
                    } else {
                        read.setLong(1, id);
                        try (ResultSet rs = read.executeQuery()) {
                            rs.next();
                        }
                    }
                } catch (SQLException | RuntimeException e) {
                    recorder.recordError(e);
                    if (connection.isClosed()) {
                        throw new IllegalStateException("a client lost its connection: " + e.getMessage(), e);
                    }
                }
                recorder.record(start, System.nanoTime() - start);
            }
        }
        return null;
    }
}
