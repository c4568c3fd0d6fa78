package io.cardea.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardea.server.TestServer;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import java.sql.Connection;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.config.ScheduledTaskHolder;

@ExtendWith(PostgresExtension.class)
class SessionPurgeTest {

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
    void endedSessionsAreDeletedInBatchesAndLiveOnesKept() {
        String live = server.signUpAndIn("keep@example.com", "a long passphrase");
        sql.sql("""
                INSERT INTO sessions (id, identity_id, token_hash, idle_expires_at, expires_at)
                SELECT gen_random_uuid(), i.id, sha256(g::text::bytea),
                       CASE WHEN g % 2 = 0 THEN now() - interval '1 minute' ELSE now() + interval '1 hour' END,
                       CASE WHEN g % 2 = 0 THEN now() + interval '1 hour' ELSE now() - interval '1 minute' END
                  FROM identities i, generate_series(1, 2500) g WHERE i.email = 'keep@example.com'""").update();

        long purged = server.server().part(SessionPurge.class).purge();

        assertThat(purged).isEqualTo(2500);
        assertThat(sql.sql("SELECT count(*) FROM sessions").query(Long.class).single()).isEqualTo(1);
        assertThat(server.get("/sessions/whoami", live).status()).isEqualTo(200);
    }

    @Test
    void endedSessionsAndThrottleRowsArePurgedOnASchedule() {
        assertThat(server.server().part(ScheduledTaskHolder.class).getScheduledTasks()).map(Object::toString)
                .anyMatch(task -> task.endsWith("SessionPurge.scheduled"))
                .anyMatch(task -> task.endsWith("ThrottlePurge.scheduled"));
    }

    @Test
    void onlyOneInstancePurgesAtATime() throws Exception {
        server.signUpAndIn("gone@example.com", "a long passphrase");
        sql.sql("UPDATE sessions SET expires_at = now() - interval '1 second' WHERE identity_id = "
                + "(SELECT id FROM identities WHERE email = 'gone@example.com')").update();
        try (Connection other = db.connect()) {
            // Another instance in the middle of its purge.
            other.setAutoCommit(false);
            other.createStatement().execute("SELECT pg_advisory_xact_lock(" + 0x50757267L + ")");

            assertThat(server.server().part(SessionPurge.class).purge()).isZero();
            other.rollback();
        }

        assertThat(server.server().part(SessionPurge.class).purge()).isEqualTo(1);
    }
}
