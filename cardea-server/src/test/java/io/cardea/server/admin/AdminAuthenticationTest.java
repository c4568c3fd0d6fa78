package io.cardea.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardea.server.Json;
import io.cardea.server.TestServer;
import io.cardea.server.TestServer.Response;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Admin tokens long enough not to be guessed, and guessing slowed: each client address (here from
 * X-Forwarded-For, which the server trusts from loopback as from a proxy) gets 10 failures a minute.
 */
@ExtendWith(PostgresExtension.class)
class AdminAuthenticationTest {

    private static final String TOKEN = "admin-token-for-authentication-tests-0123";

    @Test
    void aBurstOfWrongTokensIsThrottledPerAddressWhileTheRightTokenFromAnotherAddressGetsIn(TestDatabase db) {
        TestServer.migrate(db);
        try (TestServer server = TestServer.start(db, Map.of("cardea.admin.tokens", TOKEN))) {
            for (int i = 0; i < 10; i++) {
                assertThat(identities(server, "203.0.113.7", "wrong-token-" + i).status()).isEqualTo(401);
            }

            Response throttled = identities(server, "203.0.113.7", "wrong-token-10");
            assertThat(throttled.status()).isEqualTo(429);
            assertThat(Json.read(throttled.body()).get("error").asString()).isEqualTo("too_many_attempts");
            assertThat(Long.parseLong(throttled.retryAfter())).isBetween(1L, 60L);
            // The right token does not get an address out of it: a guess that hit would show.
            assertThat(identities(server, "203.0.113.7", TOKEN).status()).isEqualTo(429);

            assertThat(identities(server, "203.0.113.8", TOKEN).status()).isEqualTo(200);
            assertThat(identities(server, "203.0.113.8", "wrong-token").status()).isEqualTo(401);
        }
    }

    @Test
    void anAdminTokenShorterThan32CharactersStopsTheServerNamingTheSetting(TestDatabase db) {
        TestServer.migrate(db);

        assertThatThrownBy(() -> TestServer.start(db, Map.of("cardea.admin.tokens", "short-admin-token")))
                .hasStackTraceContaining("CARDEA_ADMIN_TOKENS is too short (17 characters)")
                .hasStackTraceContaining("at least 32 characters")
                .satisfies(e -> assertThat(stackTrace(e)).doesNotContain("short-admin-token"));
        assertThatThrownBy(() -> TestServer.start(db, Map.of("cardea.admin.tokens", TOKEN + ",retired-admin-token")))
                .hasStackTraceContaining("value 2 of CARDEA_ADMIN_TOKENS is too short (19 characters)");
    }

    private static Response identities(TestServer server, String address, String token) {
        return server.send(server.request("/admin/identities", null).header("X-Forwarded-For", address)
                .header("Authorization", "Bearer " + token).GET());
    }

    private static String stackTrace(Throwable e) {
        var text = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(text));
        return text.toString();
    }
}
