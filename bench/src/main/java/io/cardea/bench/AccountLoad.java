package io.cardea.bench;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;

/**
 * Steady load on {@link AccountTable} from a fixed number of clients, each on its own thread and
 * connection. The benchmark moves it from phase to phase; it stops when told to or, whatever
 * happens, when its time limit is up.
 */
final class AccountLoad implements AutoCloseable {

    private final List<AccountClient> clients = new ArrayList<>();
    private final List<Future<Void>> running = new ArrayList<>();
    private final Map<Phase, Long> phaseStarts = new EnumMap<>(Phase.class);
    private final ExecutorService threads;
    private final long deadlineNanos;
    private volatile Phase phase = Phase.WARMUP;
    private MigrationLockWatch lockWatch;
    private volatile boolean stopping;

    private AccountLoad(int clients, Duration limit) {
        this.threads = Executors.newFixedThreadPool(clients, Thread.ofPlatform().name("client-", 1).daemon()
                .factory());
        this.deadlineNanos = System.nanoTime() + limit.toNanos();
    }

    /** Starts the clients in the warm-up phase, each as soon as it has its connection. */
    static AccountLoad start(DataSource dataSource, long rows, int clients, Duration limit) throws SQLException {
        AccountLoad load = new AccountLoad(clients, limit);
        load.enter(Phase.WARMUP);
        load.lockWatch = MigrationLockWatch.start(dataSource, load::phase);
        try {
            for (int i = 0; i < clients; i++) {
                AccountClient client = new AccountClient(load, dataSource.getConnection(), rows);
                load.clients.add(client);
                load.running.add(load.threads.submit(client));
            }
        } catch (SQLException e) {
            load.close();
            throw e;
        }
        return load;
    }

    Phase phase() {
        return phase;
    }

    boolean running() {
        return !stopping && System.nanoTime() - deadlineNanos < 0;
    }

    /** Requests started from now on count in {@code next}. */
    void enter(Phase next) {
        phaseStarts.put(next, System.nanoTime());
        phase = next;
    }

    /** Stops the clients, waits for their last requests, and returns the figures of the reported phases. */
    List<PhaseStats> stop() throws InterruptedException, SQLException {
        stopping = true;
        for (Future<Void> client : running) {
            try {
                client.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("a load client failed: " + e.getCause().getMessage(), e.getCause());
            }
        }
        long end = System.nanoTime();
        lockWatch.close();
        List<PhaseStats> stats = new ArrayList<>();
        for (int i = 0; i < Phase.REPORTED.size(); i++) {
            Phase p = Phase.REPORTED.get(i);
            long until = i + 1 < Phase.REPORTED.size() ? phaseStarts.get(Phase.REPORTED.get(i + 1)) : end;
            stats.add(LatencyRecorder.merge(clients.stream().map(c -> c.recorder(p)).toList())
                    .stats(p, phaseStarts.get(p), until, lockWatch.longest(p)));
        }
        return stats;
    }

    /** On the way out after a failure: the clients stop at their next request. */
    @Override
    public void close() {
        stopping = true;
        threads.shutdown();
        try {
            lockWatch.close();
        } catch (SQLException e) {
            // on the way out after another failure, which is the one to report
        }
    }
}
