package io.cardea.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardea.server.Json;
import io.cardea.server.TestServer;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.simple.JdbcClient;

@ExtendWith(PostgresExtension.class)
class SessionLifetimeTest {

    @AutoClose
    static TestServer server;
    static JdbcClient sql;

    @BeforeAll
    static void start(TestDatabase db) {
        TestServer.migrate(db);
        server = TestServer.start(db, Map.of("cardea.session.idle-timeout", "10m", "cardea.session.lifetime", "2h"));
        sql = JdbcClient.create(db.dataSource());
    }

    @Test
    void lifetimesFollowTheSettings() {
        var session = Json.read(server.get("/sessions/whoami", server.signUpAndIn("life@example.com",
                "a long passphrase")).body()).get("session");

        Instant created = Instant.parse(session.get("created_at").asString());
        assertThat(Duration.between(created, Instant.parse(session.get("idle_expires_at").asString())))
                .isEqualTo(Duration.ofMinutes(10));
        assertThat(Duration.between(created, Instant.parse(session.get("expires_at").asString())))
                .isEqualTo(Duration.ofHours(2));
    }

    @Test
    void anIdleSessionExpires() {
        String token = server.signUpAndIn("idle@example.com", "a long passphrase");
        age("idle@example.com", "idle_expires_at = now() - interval '1 second'");

        assertThat(server.get("/sessions/whoami", token).status()).isEqualTo(401);
    }

    @Test
    void aSessionExpiresAtTheEndOfItsLifetimeHoweverBusy() {
        String token = server.signUpAndIn("old@example.com", "a long passphrase");
        age("old@example.com", "expires_at = now() - interval '1 second', last_seen_at = now() - interval '5 minutes'");

        assertThat(server.get("/sessions/whoami", token).status()).isEqualTo(401);
    }

    @Test
    void lastSeenIsWrittenAtMostOncePerMinuteAndExtendsTheIdleExpiry() {
        String token = server.signUpAndIn("seen@example.com", "a long passphrase");
        age("seen@example.com", "last_seen_at = now() - interval '30 seconds', "
                + "idle_expires_at = now() + interval '9 minutes 30 seconds'");
        Instant recent = lastSeen("seen@example.com");

        server.get("/sessions/whoami", token);
        assertThat(lastSeen("seen@example.com")).isEqualTo(recent);

        age("seen@example.com", "last_seen_at = now() - interval '2 minutes', "
                + "idle_expires_at = now() + interval '8 minutes'");
        var session = Json.read(server.get("/sessions/whoami", token).body()).get("session");

        Instant seen = lastSeen("seen@example.com");
        assertThat(seen).isAfter(Instant.now().minusSeconds(30));
        assertThat(Duration.between(seen, Instant.parse(session.get("idle_expires_at").asString())))
                .isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void theIdleExpiryNeverPassesTheAbsoluteOne() {
        String token = server.signUpAndIn("edge@example.com", "a long passphrase");
        age("edge@example.com", "last_seen_at = now() - interval '2 minutes', expires_at = now() + interval '3 minutes'");

        var session = Json.read(server.get("/sessions/whoami", token).body()).get("session");

        assertThat(session.get("idle_expires_at").asString()).isEqualTo(session.get("expires_at").asString());
    }

    private static void age(String email, String assignments) {
        sql.sql("UPDATE sessions SET " + assignments
                + " WHERE identity_id = (SELECT id FROM identities WHERE email = :email)").param("email", email)
                .update();
    }

    private static Instant lastSeen(String email) {
        return sql.sql("SELECT last_seen_at FROM sessions WHERE identity_id = (SELECT id FROM identities "
                + "WHERE email = :email)").param("email", email).query(java.time.OffsetDateTime.class).single()
                .toInstant();
    }
}
