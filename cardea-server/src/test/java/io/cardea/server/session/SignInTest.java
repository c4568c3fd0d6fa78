package io.cardea.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardea.server.Json;
import io.cardea.server.TestServer;
import io.cardea.server.TestServer.Response;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.simple.JdbcClient;

@ExtendWith(PostgresExtension.class)
class SignInTest {

    static TestDatabase db;
    @AutoClose
    static TestServer server;
    static JdbcClient sql;

    @BeforeAll
    static void start(TestDatabase database) {
        db = database;
        TestServer.migrate(db);
        server = TestServer.start(db);
        sql = JdbcClient.create(db.dataSource());
    }

    @Test
    void signsInWithASecureSignedCookieWhoseTokenIsStoredOnlyAsItsHash() throws Exception {
        server.post("/self-service/registration", Json.credentials("lin@example.com", "a long passphrase"), null);

        Response r = server.post("/self-service/login", Json.credentials("LIN@example.com", "a long passphrase"), null);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.sessionCookie()).contains("HttpOnly", "Secure", "SameSite=Lax", "Path=/", "Max-Age=86400");
        String[] tokenAndSignature = r.sessionToken().split("\\.");
        assertThat(tokenAndSignature).hasSize(2);
        String token = tokenAndSignature[0];
        assertThat(Base64.getUrlDecoder().decode(token)).hasSize(32);
        assertThat(Base64.getUrlDecoder().decode(tokenAndSignature[1])).as("HMAC-SHA256").hasSize(32);
        var body = Json.read(r.body());
        assertThat(body.get("identity").get("email").asString()).isEqualTo("lin@example.com");
        String sessionId = body.get("session").get("id").asString();
        byte[] stored = sql.sql("SELECT token_hash FROM sessions WHERE id = CAST(? AS uuid)").param(sessionId)
                .query(byte[].class).single();
        assertThat(stored).isEqualTo(MessageDigest.getInstance("SHA-256")
                .digest(token.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void whoamiShowsTheIdentityAndSession() {
        String token = server.signUpAndIn("who@example.com", "a long passphrase");

        Response r = server.get("/sessions/whoami", token);

        assertThat(r.status()).isEqualTo(200);
        var body = Json.read(r.body());
        assertThat(body.get("identity").get("email").asString()).isEqualTo("who@example.com");
        assertThat(body.get("session").get("current").asBoolean()).isTrue();
        assertThat(body.get("session").has("expires_at")).isTrue();
        assertThat(body.get("session").get("ip_address").asString()).isEqualTo("127.0.0.1");
    }

    @Test
    void whoamiWithoutAValidSessionIs401() {
        assertThat(server.get("/sessions/whoami", null).status()).isEqualTo(401);
        Response r = server.get("/sessions/whoami", "not-a-token");
        assertThat(r.status()).isEqualTo(401);
        assertThat(Json.read(r.body()).get("error").asString()).isEqualTo("no_session");
    }

    @Test
    void aWrongPasswordAndAnUnknownEmailGetTheSameAnswer() {
        server.post("/self-service/registration", Json.credentials("kim@example.com", "a long passphrase"), null);

        Response wrongPassword = server.post("/self-service/login", Json.credentials("kim@example.com",
                "not the passphrase"), null);
        Response unknownEmail = server.post("/self-service/login", Json.credentials("nobody@example.com",
                "a long passphrase"), null);

        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(unknownEmail.status()).isEqualTo(401);
        assertThat(wrongPassword.body()).isEqualTo(unknownEmail.body());
        assertThat(wrongPassword.setCookies()).isEmpty();
    }

    @Test
    void anUnknownEmailCostsAPasswordHashLikeAWrongPassword() {
        server.post("/self-service/registration", Json.credentials("tim@example.com", "a long passphrase"), null);
        long before = verifications();

        assertThat(server.post("/self-service/login", Json.credentials("tim@example.com", "not the passphrase"), null)
                .status()).isEqualTo(401);
        long afterWrongPassword = verifications();
        assertThat(server.post("/self-service/login", Json.credentials("nobody-else@example.com", "not the passphrase"),
                null).status()).isEqualTo(401);
        long afterUnknownEmail = verifications();

        // Each answer is bought with one Argon2id verification (against a decoy hash for the unknown
        // email), so the time taken does not tell which addresses have accounts.
        assertThat(afterWrongPassword - before).isEqualTo(1);
        assertThat(afterUnknownEmail - afterWrongPassword).isEqualTo(1);
    }

    /** Argon2id verifications so far, from the server's own metrics. */
    private static long verifications() {
        Matcher m = Pattern.compile("cardea_password_hash_seconds_count\\{operation=\"verify\"} (\\d+)")
                .matcher(server.get("/metrics", null).body());
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    @Test
    void aDisabledIdentityIsRefusedWith403() {
        String token = server.signUpAndIn("off@example.com", "a long passphrase");
        sql.sql("UPDATE identities SET state = 'disabled' WHERE email = 'off@example.com'").update();

        Response r = server.post("/self-service/login", Json.credentials("off@example.com", "a long passphrase"), null);

        assertThat(r.status()).isEqualTo(403);
        assertThat(Json.read(r.body()).get("error").asString()).isEqualTo("identity_disabled");
        // Its sessions stop working too.
        assertThat(server.get("/sessions/whoami", token).status()).isEqualTo(401);
        // A wrong password does not reveal that the account is disabled.
        assertThat(server.post("/self-service/login", Json.credentials("off@example.com", "wrong passphrase"), null)
                .status()).isEqualTo(401);
    }

    @Test
    void logoutRevokesTheCurrentSession() {
        String token = server.signUpAndIn("bye@example.com", "a long passphrase");

        Response r = server.post("/self-service/logout", "", token);

        assertThat(r.status()).isEqualTo(204);
        assertThat(r.sessionCookie()).contains("Max-Age=0");
        assertThat(server.get("/sessions/whoami", token).status()).isEqualTo(401);
        assertThat(server.post("/self-service/logout", "", token).status()).isEqualTo(401);
    }

    @Test
    void listsAndRevokesOnesOwnSessionsOnly() {
        String laptop = server.signUpAndIn("many@example.com", "a long passphrase");
        String phone = server.signIn("many@example.com", "a long passphrase");
        String stranger = server.signUpAndIn("stranger@example.com", "a long passphrase");

        Response list = server.get("/sessions", laptop);
        assertThat(list.status()).isEqualTo(200);
        var sessions = Json.read(list.body());
        assertThat(sessions.size()).isEqualTo(2);
        String phoneId = Json.read(server.get("/sessions/whoami", phone).body()).get("session").get("id").asString();
        String strangerId = Json.read(server.get("/sessions/whoami", stranger).body()).get("session").get("id")
                .asString();

        assertThat(server.delete("/sessions/" + strangerId, laptop).status()).isEqualTo(404);
        assertThat(server.get("/sessions/whoami", stranger).status()).isEqualTo(200);
        assertThat(server.delete("/sessions/not-a-uuid", laptop).status()).isEqualTo(404);

        assertThat(server.delete("/sessions/" + phoneId, laptop).status()).isEqualTo(204);
        assertThat(server.get("/sessions/whoami", phone).status()).isEqualTo(401);
        assertThat(server.get("/sessions/whoami", laptop).status()).isEqualTo(200);
        assertThat(Json.read(server.get("/sessions", laptop).body()).size()).isEqualTo(1);
    }

    @Test
    void rehashesAPasswordWhenTheParametersChange() {
        server.signUpAndIn("rehash@example.com", "a long passphrase");
        try (var cheaper = TestServer.start(db, Map.of("cardea.password.argon2.iterations", "3",
                "cardea.password.argon2.memory-kib", "4096"))) {
            cheaper.signIn("rehash@example.com", "a long passphrase");
        }

        assertThat(sql.sql("SELECT p.hash FROM password_credentials p JOIN identities i ON i.id = p.identity_id "
                + "WHERE i.email = 'rehash@example.com'").query(String.class).single())
                .startsWith("$argon2id$v=19$m=4096,t=3,p=1$");
        assertThat(server.signIn("rehash@example.com", "a long passphrase")).isNotBlank();
    }
}
