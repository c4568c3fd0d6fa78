package io.cardea.server.session;

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
 * The session cookie is signed with {@code CARDEA_SECRETS_COOKIE}. Replaced as "new,old" on
 * servers sharing one database, a cookie signed under the old value keeps working and is signed
 * again under the new one; once the old value is removed, only the re-signed cookie works.
 */
@ExtendWith(PostgresExtension.class)
class CookieSecretRolloverTest {

    private static final String OLD = TestServer.COOKIE_SECRET;
    private static final String NEW = "the-new-cookie-secret-of-more-than-32-characters";

    @Test
    void aCookieSignedUnderTheOldValueWorksUntilTheOldValueIsRemoved(TestDatabase db) {
        TestServer.migrate(db);
        String underOld;
        try (TestServer blue = TestServer.start(db)) {
            underOld = blue.signUpAndIn("rollover@example.com", "a long passphrase");
        }
        String resigned;
        try (TestServer green = TestServer.start(db, Map.of("cardea.secrets.cookie", NEW + "," + OLD))) {
            Response whoami = green.get("/sessions/whoami", underOld);
            assertThat(whoami.status()).isEqualTo(200);
            resigned = whoami.sessionToken();
            assertThat(resigned).isNotEqualTo(underOld);
            assertThat(tokenPart(resigned)).isEqualTo(tokenPart(underOld));
            assertThat(whoami.sessionCookie()).contains("HttpOnly", "SameSite=Lax", "Max-Age=");

            Response again = green.get("/sessions/whoami", resigned);
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.setCookies()).as("a cookie under the first value is left alone").isEmpty();
        }
        try (TestServer onlyNew = TestServer.start(db, Map.of("cardea.secrets.cookie", NEW))) {
            Response refused = onlyNew.get("/sessions/whoami", underOld);
            assertThat(refused.status()).isEqualTo(401);
            assertThat(Json.read(refused.body()).get("error").asString()).isEqualTo("no_session");
            assertThat(onlyNew.get("/sessions/whoami", resigned).status()).isEqualTo(200);
        }
    }

    @Test
    void aCookieCardeaDidNotSignOpensNoSession(TestDatabase db) {
        TestServer.migrate(db);
        try (TestServer server = TestServer.start(db)) {
            String cookie = server.signUpAndIn("forged@example.com", "a long passphrase");
            String token = tokenPart(cookie);
            String signature = cookie.substring(token.length() + 1);
            String flipped = (signature.charAt(0) == 'A' ? "B" : "A") + signature.substring(1);

            for (String forged : new String[] {token, token + ".", token + "." + flipped, "." + signature,
                    token + "." + signature + "x"}) {
                Response r = server.get("/sessions/whoami", forged);
                assertThat(r.status()).as(forged).isEqualTo(401);
                assertThat(Json.read(r.body()).get("error").asString()).isEqualTo("no_session");
            }
            assertThat(server.get("/sessions/whoami", cookie).status()).isEqualTo(200);
        }
    }

    @Test
    void aMissingOrShortCookieSecretStopsTheServerWithWhatToSet(TestDatabase db) {
        TestServer.migrate(db);

        assertThatThrownBy(() -> TestServer.start(db, Map.of("cardea.secrets.cookie", "")))
                .hasStackTraceContaining("CARDEA_SECRETS_COOKIE is not set")
                .hasStackTraceContaining("openssl rand -base64 48");
        assertThatThrownBy(() -> TestServer.start(db, Map.of("cardea.secrets.cookie", "short")))
                .hasStackTraceContaining("CARDEA_SECRETS_COOKIE is too short (5 characters)");
        assertThatThrownBy(() -> TestServer.start(db, Map.of("cardea.secrets.cookie", NEW + ",")))
                .hasStackTraceContaining("value 2 of CARDEA_SECRETS_COOKIE is too short");
    }

    private static String tokenPart(String cookie) {
        return cookie.substring(0, cookie.lastIndexOf('.'));
    }
}
