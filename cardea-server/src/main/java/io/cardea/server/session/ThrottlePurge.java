package io.cardea.server.session;

import io.cardea.server.identity.SignUpThrottleSettings;
import io.cardea.server.purge.BatchedPurge;
import java.time.Duration;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Deletes the sign-in failures and sign-up attempts that have left their throttle's window: they no
 * longer count, and the tables stay the size of one window. On a schedule rather than on the
 * requests that add rows, so a sign-in or sign-up never waits for a delete. One purge for both
 * tables: they are the same kind of row, forgotten by the same rule (older than the window, each
 * its own), so one schedule, one lock and one log line serve both. It sits here, beside the sign-in
 * throttle, because sessions already depend on identities (the sign-up throttle's package) and not
 * the other way round.
 */
final class ThrottlePurge {

    /** "Thro" in ASCII: an advisory lock key of its own. */
    private static final long LOCK = 0x5468726fL;

    private final BatchedPurge purge;

    ThrottlePurge(JdbcClient jdbc, TransactionOperations transactions, SignInThrottleSettings signIn,
            SignUpThrottleSettings signUp) {
        // Neither table has a key: rows are picked by their physical address (ctid), locked, then deleted.
        this.purge = new BatchedPurge(jdbc, transactions, LOCK,
                "sign-in failures and sign-up attempts past their window", Map.of("signInWindow", seconds(signIn.window()), "signUpWindow", seconds(signUp.window())), """
                DELETE FROM sign_in_failures WHERE ctid = ANY (ARRAY(
                    SELECT ctid FROM sign_in_failures WHERE failed_at <= now() - make_interval(secs => :signInWindow)
                     LIMIT :batch FOR UPDATE SKIP LOCKED))""", """
                DELETE FROM sign_up_attempts WHERE ctid = ANY (ARRAY(
                    SELECT ctid FROM sign_up_attempts WHERE attempted_at <= now() - make_interval(secs => :signUpWindow)
                     LIMIT :batch FOR UPDATE SKIP LOCKED))""");
    }

    private static double seconds(Duration window) {
        return window.toMillis() / 1000.0;
    }

    @Scheduled(initialDelayString = "${cardea.throttle.purge-interval:10m}",
            fixedDelayString = "${cardea.throttle.purge-interval:10m}")
    void scheduled() {
        purge.runAndLog();
    }

    /** Deletes every row past its window, batch by batch; returns how many, or 0 when another instance is at it. */
    long purge() {
        return purge.run();
    }
}
