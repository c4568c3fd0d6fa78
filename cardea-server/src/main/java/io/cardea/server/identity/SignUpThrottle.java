package io.cardea.server.identity;

import io.cardea.server.web.RequestRefused;
import java.time.Duration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Limits self-service sign-ups per client address. Each sign-up costs a password hash (two, with
 * the sign-in that follows it on the page) and creates an identity: without a limit one address
 * could fill the identity table and keep the cores busy hashing. The attempts are rows in
 * PostgreSQL, so every instance and the next release count the same ones; the scheduled throttle
 * purge (in the session package, beside the sign-in throttle's) deletes those past the window.
 */
final class SignUpThrottle {

    private final JdbcClient jdbc;
    private final SignUpThrottleSettings settings;

    SignUpThrottle(JdbcClient jdbc, SignUpThrottleSettings settings) {
        this.jdbc = jdbc;
        this.settings = settings;
    }

    /** Counts one sign-up from the address, or throws a 429 when the address has made too many lately. */
    void admit(String address) {
        if (settings.perAddress() == 0) {
            return;
        }
        // One statement: the attempt is recorded only when the N-th most recent one in the window does
        // not exist; otherwise that one says how long until it leaves the window.
        Double wait = jdbc.sql("""
                WITH blocker AS (
                    SELECT attempted_at FROM sign_up_attempts
                     WHERE ip_address = CAST(:address AS inet) AND attempted_at > now() - make_interval(secs => :window)
                     ORDER BY attempted_at DESC OFFSET :limit - 1 LIMIT 1),
                recorded AS (
                    INSERT INTO sign_up_attempts (ip_address)
                    SELECT CAST(:address AS inet) WHERE NOT EXISTS (SELECT 1 FROM blocker))
                SELECT extract(epoch FROM attempted_at + make_interval(secs => :window) - now()) FROM blocker""")
                .param("address", address)
                .param("window", settings.window().toMillis() / 1000.0)
                .param("limit", settings.perAddress())
                .query(Double.class).optional().orElse(null);
        if (wait != null) {
            throw RequestRefused.tooManyRequests("too_many_sign_ups",
                    "Too many sign-ups from this address; try again later.", Duration.ofMillis((long) (wait * 1000)));
        }
    }
}
