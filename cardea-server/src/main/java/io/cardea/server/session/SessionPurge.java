package io.cardea.server.session;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes sessions that have ended, so the sessions table holds live sessions and not the whole
 * history. Every instance runs it; a transaction-level advisory lock lets one of them do the work
 * at a time, and small batches keep each transaction short under traffic.
 */
final class SessionPurge {

    private static final Logger log = LoggerFactory.getLogger(SessionPurge.class);
    /** "Purg" in ASCII: an advisory lock key of its own. */
    private static final long LOCK = 0x50757267L;
    static final int BATCH = 1000;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    SessionPurge(JdbcClient jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    @Scheduled(initialDelayString = "${cardea.session.purge-interval:10m}",
            fixedDelayString = "${cardea.session.purge-interval:10m}")
    void scheduled() {
        try {
            long purged = purge();
            if (purged > 0) {
                log.info("purged {} ended sessions", purged);
            }
        } catch (RuntimeException e) {
            log.warn("could not purge ended sessions; will try again: {}", e.getMessage());
        }
    }

    /** Deletes every ended session, batch by batch; returns how many, or 0 when another instance is at it. */
    long purge() {
        long total = 0;
        while (true) {
            Integer deleted = transactions.execute(status -> {
                if (!jdbc.sql("SELECT pg_try_advisory_xact_lock(:key)").param("key", LOCK).query(Boolean.class).single()) {
                    return -1;
                }
                return jdbc.sql("""
                        DELETE FROM sessions WHERE id IN (
                            SELECT id FROM sessions WHERE expires_at <= now() OR idle_expires_at <= now()
                             LIMIT :batch FOR UPDATE SKIP LOCKED)""")
                        .param("batch", BATCH).update();
            });
            if (deleted == null || deleted <= 0) {
                return total;
            }
            total += deleted;
        }
    }
}
