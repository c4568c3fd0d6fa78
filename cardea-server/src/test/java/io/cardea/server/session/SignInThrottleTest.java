package io.cardea.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardea.server.Json;
import io.cardea.server.TestServer;
import io.cardea.server.TestServer.Response;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.simple.JdbcClient;

@ExtendWith(PostgresExtension.class)
class SignInThrottleTest {

    @AutoClose
    static TestServer server;
    @AutoClose
    static TestServer otherInstance;
    static JdbcClient sql;

    @BeforeAll
    static void start(TestDatabase db) {
        TestServer.migrate(db);
        Map<String, String> limits = Map.of("cardea.sign-in.throttle.window", "10m",
                "cardea.sign-in.throttle.failures-per-account", "3",
                "cardea.sign-in.throttle.failures-per-address", "8");
        server = TestServer.start(db, limits);
        otherInstance = TestServer.start(db, limits);
        sql = JdbcClient.create(db.dataSource());
    }

    private static Response signIn(TestServer instance, String email, String password) {
        return instance.post("/self-service/login", Json.credentials(email, password), null);
    }

    @Test
    void anAccountIsRefusedAfterTooManyFailuresEvenWithTheRightPasswordAndOnEveryInstance() {
        server.post("/self-service/registration", Json.credentials("kim@example.com", "a long passphrase"), null);
        sql.sql("DELETE FROM sign_in_failures").update();
        for (int i = 0; i < 3; i++) {
            assertThat(signIn(server, "kim@example.com", "wrong guess " + i).status()).isEqualTo(401);
        }

        Response refused = signIn(server, "kim@example.com", "a long passphrase");
        Response refusedElsewhere = signIn(otherInstance, "KIM@example.com", "a long passphrase");

        assertThat(refused.status()).isEqualTo(429);
        assertThat(Json.read(refused.body()).get("error").asString()).isEqualTo("too_many_attempts");
        assertThat(Long.parseLong(refused.retryAfter())).isBetween(590L, 600L);
        assertThat(refusedElsewhere.status()).isEqualTo(429);
        assertThat(sql.sql("SELECT count(*) FROM sessions s JOIN identities i ON i.id = s.identity_id "
                + "WHERE i.email = 'kim@example.com'").query(Long.class).single()).isZero();
    }

    @Test
    void theWaitEndsWhenTheOldestCountedFailureLeavesTheWindow() {
        server.post("/self-service/registration", Json.credentials("ola@example.com", "a long passphrase"), null);
        sql.sql("DELETE FROM sign_in_failures").update();
        for (int i = 0; i < 3; i++) {
            signIn(server, "ola@example.com", "wrong");
        }
        // As if the failures happened long enough ago.
        sql.sql("UPDATE sign_in_failures SET failed_at = now() - interval '11 minutes'").update();

        assertThat(signIn(server, "ola@example.com", "a long passphrase").status()).isEqualTo(200);
    }

    @Test
    void aSuccessfulSignInClearsTheAccountsFailures() {
        server.post("/self-service/registration", Json.credentials("pat@example.com", "a long passphrase"), null);
        sql.sql("DELETE FROM sign_in_failures").update();
        signIn(server, "pat@example.com", "wrong");
        signIn(server, "pat@example.com", "wrong");
        assertThat(signIn(server, "pat@example.com", "a long passphrase").status()).isEqualTo(200);

        signIn(server, "pat@example.com", "wrong");
        signIn(server, "pat@example.com", "wrong");

        assertThat(signIn(server, "pat@example.com", "a long passphrase").status()).isEqualTo(200);
    }

    @Test
    void oneAddressGuessingAcrossManyAccountsIsRefusedToo() {
        sql.sql("DELETE FROM sign_in_failures").update();
        for (int i = 0; i < 8; i++) {
            assertThat(signIn(server, "victim" + i + "@example.com", "guess").status()).isEqualTo(401);
        }

        Response refused = signIn(server, "victim99@example.com", "guess");

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.retryAfter()).isNotNull();
    }

    @Test
    void anUnknownEmailIsThrottledLikeAKnownOneSoTheAnswerRevealsNothing() {
        sql.sql("DELETE FROM sign_in_failures").update();
        for (int i = 0; i < 3; i++) {
            assertThat(signIn(server, "nobody@example.com", "guess").status()).isEqualTo(401);
        }

        assertThat(signIn(server, "nobody@example.com", "guess").status()).isEqualTo(429);
    }
}
