package io.cardea.server.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardea.server.Json;
import io.cardea.server.TestServer;
import io.cardea.server.TestServer.Response;
import io.cardea.server.oauth2.Browser;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Self-service sign-ups per client address, by the JSON API and by the page. Each test signs up from
 * an address of its own (X-Forwarded-For, which the server trusts from loopback as from a proxy).
 */
@ExtendWith(PostgresExtension.class)
class SignUpThrottleTest {

    private static final String PASSWORD = "a long sign-up passphrase";
    /** What Chromium sends with a form post: HTML first, anything after. */
    private static final String BROWSER_ACCEPT =
            "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";

    @AutoClose
    static TestServer server;
    static JdbcClient sql;

    @BeforeAll
    static void start(TestDatabase db) {
        TestServer.migrate(db);
        server = TestServer.start(db, Map.of("cardea.sign-up.throttle.per-address", "2",
                "cardea.sign-up.throttle.window", "1h"));
        sql = JdbcClient.create(db.dataSource());
    }

    private static Response signUp(String address, String email, String password) {
        return server.send(server.request("/self-service/registration", null).header("X-Forwarded-For", address)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.credentials(email, password))));
    }

    private static String email() {
        return UUID.randomUUID() + "@example.com";
    }

    private static long identities(String email) {
        return sql.sql("SELECT count(*) FROM identities WHERE email = ?").param(email).query(Long.class).single();
    }

    @Test
    void anAddressPastItsLimitIsRefusedWithRetryAfterAndNothingIsCreated() {
        assertThat(signUp("203.0.113.1", email(), PASSWORD).status()).isEqualTo(201);
        assertThat(signUp("203.0.113.1", email(), PASSWORD).status()).isEqualTo(201);

        String third = email();
        Response refused = signUp("203.0.113.1", third, PASSWORD);

        assertThat(refused.status()).isEqualTo(429);
        assertThat(Json.read(refused.body()).get("error").asString()).isEqualTo("too_many_sign_ups");
        assertThat(Long.parseLong(refused.retryAfter())).isBetween(3500L, 3600L);
        assertThat(identities(third)).isZero();
        // Another address is not affected.
        assertThat(signUp("203.0.113.2", third, PASSWORD).status()).isEqualTo(201);
    }

    @Test
    void attemptsRefusedByTheChecksDoNotCount() {
        for (int i = 0; i < 5; i++) {
            assertThat(signUp("203.0.113.3", email(), "short").status()).isEqualTo(400);
            assertThat(signUp("203.0.113.3", "not an email", PASSWORD).status()).isEqualTo(400);
        }

        assertThat(signUp("203.0.113.3", email(), PASSWORD).status()).isEqualTo(201);
        assertThat(signUp("203.0.113.3", email(), PASSWORD).status()).isEqualTo(201);
        assertThat(signUp("203.0.113.3", email(), PASSWORD).status()).isEqualTo(429);
    }

    @Test
    void attemptsOlderThanTheWindowAreForgotten() {
        assertThat(signUp("203.0.113.4", email(), PASSWORD).status()).isEqualTo(201);
        assertThat(signUp("203.0.113.4", email(), PASSWORD).status()).isEqualTo(201);
        sql.sql("UPDATE sign_up_attempts SET attempted_at = attempted_at - interval '61 minutes' "
                + "WHERE ip_address = '203.0.113.4'").update();

        assertThat(signUp("203.0.113.4", email(), PASSWORD).status()).isEqualTo(201);
    }

    @Test
    void aSignUpDeletesNothingPastTheWindowWhichTheScheduledPurgeDoes() {
        sql.sql("INSERT INTO sign_up_attempts (ip_address, attempted_at) VALUES ('203.0.113.9', now() - interval '2 hours')")
                .update();
        var throttle = new SignUpThrottle(sql, new SignUpThrottleSettings(Duration.ofHours(1), 1_000));

        // The throttle used to delete old rows on 1 sign-up in 100: 500 would have done it (but for 0.7 %).
        for (int i = 0; i < 500; i++) {
            throttle.admit("203.0.113.10");
        }

        assertThat(sql.sql("SELECT count(*) FROM sign_up_attempts WHERE ip_address = '203.0.113.9'")
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void theSignUpPageIsThrottledToo() {
        for (int i = 0; i < 2; i++) {
            assertThat(signUp("203.0.113.5", email(), PASSWORD).status()).isEqualTo(201);
        }
        String email = email();

        Response refused = pageSignUp("203.0.113.5", email);

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.retryAfter()).isNotNull();
        assertThat(refused.body()).contains("<html lang=\"en\"").contains("Too many sign-ups from this address");
        assertThat(identities(email)).isZero();
    }

    @Test
    void aFailureInsideAPageIsTheErrorPageAndInsideTheApiJson() {
        sql.sql("ALTER TABLE sign_up_attempts RENAME TO sign_up_attempts_away").update();
        try {
            Response page = pageSignUp("203.0.113.6", "page-failure@example.com");

            assertThat(page.status()).isEqualTo(500);
            assertThat(page.header("Content-Type")).startsWith("text/html");
            assertThat(page.body()).contains("Something went wrong")
                    .containsPattern("reference: <span class=\"reference\">[0-9a-f]{12}</span>")
                    .doesNotContain("Exception").doesNotContain("sign_up_attempts");

            Response api = signUp("203.0.113.6", email(), PASSWORD);
            assertThat(api.status()).isEqualTo(500);
            assertThat(Json.read(api.body()).get("error").asString()).isEqualTo("internal_error");
        } finally {
            sql.sql("ALTER TABLE sign_up_attempts_away RENAME TO sign_up_attempts").update();
        }
        assertThat(identities("page-failure@example.com")).isZero();
    }

    /** The sign-up form, fetched for its CSRF token and cookie, then posted from {@code address}. */
    private static Response pageSignUp(String address, String email) {
        Response form = server.get("/sign-up", null);
        String body = "_csrf=" + encode(Browser.field(form.body(), "_csrf")) + "&email=" + encode(email)
                + "&password=" + encode(PASSWORD);
        return server.send(server.request("/sign-up", null).header("X-Forwarded-For", address)
                .header("Cookie", String.join("; ", form.setCookies().stream().map(c -> c.split(";", 2)[0]).toList()))
                .header("Accept", BROWSER_ACCEPT).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
