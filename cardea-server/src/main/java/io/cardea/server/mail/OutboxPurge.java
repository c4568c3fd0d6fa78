package io.cardea.server.mail;

import io.cardea.server.purge.BatchedPurge;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Forgets delivered mail after a week and failed mail after a month: long enough for an operator to
 * look into a complaint, short enough that the outbox does not become a record of everyone's mail.
 */
final class OutboxPurge {

    /** "Mail" in ASCII: an advisory lock key of its own. */
    private static final long LOCK = 0x4d61696cL;

    private final BatchedPurge purge;

    OutboxPurge(JdbcClient jdbc, TransactionOperations transactions) {
        this.purge = new BatchedPurge(jdbc, transactions, LOCK, "delivered and failed mail", """
                DELETE FROM mail_outbox WHERE id IN (
                    SELECT id FROM mail_outbox
                     WHERE (state = 'sent' AND sent_at < now() - interval '7 days')
                        OR (state = 'failed' AND created_at < now() - interval '30 days')
                     LIMIT :batch FOR UPDATE SKIP LOCKED)""");
    }

    @Scheduled(initialDelayString = "${cardea.session.purge-interval:10m}",
            fixedDelayString = "${cardea.session.purge-interval:10m}")
    void scheduled() {
        purge.runAndLog();
    }

    long purge() {
        return purge.run();
    }
}
