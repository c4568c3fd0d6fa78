package io.cardea.server.session;

import io.cardea.server.web.RequestRefused;
import java.time.Duration;
import java.util.Locale;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Slows password guessing: after too many failed sign-ins for one account, or from one client
 * address, within a window, sign-in is refused with 429 and {@code Retry-After} until the oldest
 * of those failures leaves the window. The failures are rows in PostgreSQL, so every instance and
 * the next release count the same attempts; a refused attempt costs no password hash. Failures
 * past the window are deleted by {@link ThrottlePurge}.
 */
final class SignInThrottle {

    private final JdbcClient jdbc;
    private final SignInThrottleSettings settings;

    SignInThrottle(JdbcClient jdbc, SignInThrottleSettings settings) {
        this.jdbc = jdbc;
        this.settings = settings;
    }

    /** Throws a 429 when the account or the address has failed too often lately. */
    void check(String email, String address) {
        // The N-th most recent failure within the window: once it leaves the window, fewer than N remain.
        Double wait = jdbc.sql("""
                SELECT extract(epoch FROM greatest(
                    (SELECT failed_at FROM sign_in_failures
                      WHERE email_lower = :email AND failed_at > now() - make_interval(secs => :window)
                      ORDER BY failed_at DESC OFFSET :perAccount - 1 LIMIT 1),
                    (SELECT failed_at FROM sign_in_failures
                      WHERE ip_address = CAST(:address AS inet) AND failed_at > now() - make_interval(secs => :window)
                      ORDER BY failed_at DESC OFFSET :perAddress - 1 LIMIT 1)
                ) + make_interval(secs => :window) - now())""")
                .param("email", key(email))
                .param("address", address)
                .param("window", settings.window().toMillis() / 1000.0)
                .param("perAccount", settings.failuresPerAccount())
                .param("perAddress", settings.failuresPerAddress())
                .query(Double.class).optional().orElse(null);
        if (wait != null && wait > 0) {
            throw RequestRefused.tooManyRequests("too_many_attempts", "Too many failed sign-ins; try again later.",
                    Duration.ofMillis((long) (wait * 1000)));
        }
    }

    void failed(String email, String address) {
        jdbc.sql("INSERT INTO sign_in_failures (email_lower, ip_address) VALUES (:email, CAST(:address AS inet))")
                .param("email", key(email)).param("address", address).update();
    }

    /** A successful sign-in clears the account's failures; the address's stay counted. */
    void succeeded(String email) {
        jdbc.sql("DELETE FROM sign_in_failures WHERE email_lower = :email").param("email", key(email)).update();
    }

    private static String key(String email) {
        return email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
    }
}
