package io.cardea.server.session;

import io.cardea.server.purge.BatchedPurge;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionOperations;

/** Deletes sessions that have ended, so the sessions table holds live sessions and not the whole history. */
final class SessionPurge {

    /** "Purg" in ASCII: an advisory lock key of its own. */
    private static final long LOCK = 0x50757267L;

    private final BatchedPurge purge;

    SessionPurge(JdbcClient jdbc, TransactionOperations transactions) {
        this.purge = new BatchedPurge(jdbc, transactions, LOCK, "ended sessions", """
                DELETE FROM sessions WHERE id IN (
                    SELECT id FROM sessions WHERE expires_at <= now() OR idle_expires_at <= now()
                     LIMIT :batch FOR UPDATE SKIP LOCKED)""");
    }

    @Scheduled(initialDelayString = "${cardea.session.purge-interval:10m}",
            fixedDelayString = "${cardea.session.purge-interval:10m}")
    void scheduled() {
        purge.runAndLog();
    }

    /** Deletes every ended session, batch by batch; returns how many, or 0 when another instance is at it. */
    long purge() {
        return purge.run();
    }
}
