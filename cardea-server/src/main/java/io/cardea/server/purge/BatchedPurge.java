package io.cardea.server.purge;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Deletes rows that are of no use any more, batch by batch, by one instance at a time. Every instance
 * runs its purges on a schedule; a transaction-level advisory lock (one key per purge) lets one of
 * them do the work, and small batches keep each transaction, and the row locks it holds, short under
 * traffic. An instance killed mid-way loses nothing: each batch is committed or not at all.
 */
public final class BatchedPurge {

    private static final Logger log = LoggerFactory.getLogger(BatchedPurge.class);

    /** Rows per batch. */
    public static final int BATCH = 1000;

    private final JdbcClient jdbc;
    private final TransactionOperations transactions;
    private final long lockKey;
    private final String what;
    private final Map<String, ?> params;
    private final String[] deletes;

    /**
     * @param what what is deleted, for the log: "ended sessions"
     * @param deletes run in order, each until it deletes nothing more; each takes its batch size as {@code :batch}
     */
    public BatchedPurge(JdbcClient jdbc, TransactionOperations transactions, long lockKey, String what,
            String... deletes) {
        this(jdbc, transactions, lockKey, what, Map.of(), deletes);
    }

    /** @param params named parameters the deletes take besides {@code :batch} */
    public BatchedPurge(JdbcClient jdbc, TransactionOperations transactions, long lockKey, String what,
            Map<String, ?> params, String... deletes) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.lockKey = lockKey;
        this.what = what;
        this.params = Map.copyOf(params);
        this.deletes = deletes.clone();
    }

    /** A scheduled run: how many rows went is logged, and a failure is left for the next run. */
    public void runAndLog() {
        try {
            long purged = run();
            if (purged > 0) {
                log.info("purged {} {}", purged, what);
            }
        } catch (RuntimeException e) {
            log.warn("could not purge {}; will try again: {}", what, e.getMessage());
        }
    }

    /** Runs the deletes; returns how many rows went, or 0 when another instance is at it. */
    public long run() {
        long total = 0;
        for (String delete : deletes) {
            while (true) {
                Integer deleted = transactions.execute(status -> {
                    if (!jdbc.sql("SELECT pg_try_advisory_xact_lock(:key)").param("key", lockKey)
                            .query(Boolean.class).single()) {
                        return -1;
                    }
                    return jdbc.sql(delete).params(params).param("batch", BATCH).update();
                });
                if (deleted == null || deleted < 0) {
                    return total;
                }
                if (deleted == 0) {
                    break;
                }
                total += deleted;
            }
        }
        return total;
    }
}
