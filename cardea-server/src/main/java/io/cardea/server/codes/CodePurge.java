package io.cardea.server.codes;

import io.cardea.server.purge.BatchedPurge;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionOperations;

/** Deletes codes a day after they stopped working, and requests for codes once the limit no longer counts them. */
final class CodePurge {

    /** "Code" in ASCII: an advisory lock key of its own. */
    private static final long LOCK = 0x436f6465L;

    private final BatchedPurge purge;

    CodePurge(JdbcClient jdbc, TransactionOperations transactions, CodeSettings settings) {
        this.purge = new BatchedPurge(jdbc, transactions, LOCK, "spent one-time codes and old requests for them",
                Map.of("window", settings.window().toSeconds()), """
                DELETE FROM one_time_codes WHERE id IN (
                    SELECT id FROM one_time_codes
                     WHERE coalesce(used_at, expires_at) < now() - interval '1 day'
                     LIMIT :batch FOR UPDATE SKIP LOCKED)""", """
                DELETE FROM code_requests WHERE ctid = ANY (ARRAY(
                    SELECT ctid FROM code_requests WHERE requested_at < now() - make_interval(secs => :window)
                     LIMIT :batch FOR UPDATE SKIP LOCKED))""");
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
