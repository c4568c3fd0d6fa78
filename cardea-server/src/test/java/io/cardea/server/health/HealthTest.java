package io.cardea.server.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardea.server.Json;
import io.cardea.server.LogCapture;
import io.cardea.server.TestServer;
import io.cardea.server.TestServer.Response;
import io.cardea.server.keys.KeyRing;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.simple.JdbcClient;

@ExtendWith(PostgresExtension.class)
class HealthTest {

    @Test
    void probesAnswerWhileTheServerRunsAndTheSchemaFits(TestDatabase db) {
        TestServer.migrate(db);
        try (TestServer server = TestServer.start(db)) {
            assertThat(server.get("/health/alive", null).status()).isEqualTo(200);
            assertThat(server.get("/health/started", null).status()).isEqualTo(200);
            Response ready = server.get("/health/ready", null);
            assertThat(ready.status()).isEqualTo(200);
            assertThat(Json.read(ready.body()).get("status").asString()).isEqualTo("ready");
        }
    }

    @Test
    void notReadyWhileTheSchemaIsBehindOrAhead(TestDatabase db) {
        TestServer.migrate(db);
        JdbcClient sql = JdbcClient.create(db.dataSource());
        try (TestServer server = TestServer.start(db)) {
            // Someone restores an older backup's history: this release's V1 is no longer recorded.
            sql.sql("UPDATE cardea_schema_history SET version = 1000 WHERE version = 1").update();
            Response behind = server.get("/health/ready", null);
            assertThat(behind.status()).isEqualTo(503);
            var body = Json.read(behind.body());
            assertThat(body.get("status").asString()).isEqualTo("not_ready");
            assertThat(body.get("reason").asString()).contains("V1 identities", "cardea migrate up");
            assertThat(body.get("missing_expand").get(0).asString()).isEqualTo("V1 identities");
            sql.sql("UPDATE cardea_schema_history SET version = 1 WHERE version = 1000").update();
            assertThat(server.get("/health/ready", null).status()).isEqualTo(200);

            // A newer release contracted the schema: this one can no longer run on it.
            sql.sql("""
                    INSERT INTO cardea_schema_history (version, name, phase, checksum, state, applied_by, success)
                    VALUES (9000, 'drop_old_columns', 'contract', 'x', 'applied', 'test', true)""").update();
            Response ahead = server.get("/health/ready", null);
            assertThat(ahead.status()).isEqualTo(503);
            assertThat(Json.read(ahead.body()).get("unknown_contract").get(0).asString())
                    .isEqualTo("V9000 drop_old_columns");
            assertThat(server.get("/health/alive", null).status()).isEqualTo(200);
        }
    }

    @Test
    void anUnreachableDatabaseIsReportedWithoutItsErrorTextWhichOnlyTheLogHas(TestDatabase db) throws Exception {
        TestServer.migrate(db);
        try (TestServer server = TestServer.start(db, Map.of("spring.datasource.hikari.connection-timeout", "1000"));
                var log = new LogCapture()) {
            try {
                // No new connection is let in and the pool's are ended: PostgreSQL's words for it are FATAL errors.
                allowConnections(db, false);

                Response down = server.get("/health/ready", null);

                assertThat(down.status()).isEqualTo(503);
                assertThat(Json.read(down.body()).get("reason").asString()).isEqualTo("database unreachable");
                assertThat(down.body()).doesNotContain(db.name()).doesNotContain("FATAL")
                        .doesNotContainIgnoringCase("connection");
                assertThat(log.text()).contains("not ready, database unreachable: FATAL: ");
            } finally {
                allowConnections(db, true);
            }
            Response back;
            long deadline = System.nanoTime() + 10_000_000_000L;
            do {
                back = server.get("/health/ready", null);
            } while (back.status() != 200 && System.nanoTime() < deadline);
            assertThat(back.status()).as(back.body()).isEqualTo(200);
        }
    }

    /**
     * Run from another database: one that refuses connections cannot be told to accept them again
     * by itself. Refusing them also ends the connections it has.
     */
    private static void allowConnections(TestDatabase db, boolean allow) throws SQLException {
        try (var c = DriverManager.getConnection("jdbc:postgresql://" + db.host() + ":" + db.port() + "/postgres",
                db.user(), null); var st = c.createStatement()) {
            st.execute("ALTER DATABASE \"" + db.name() + "\" WITH ALLOW_CONNECTIONS " + allow);
            if (!allow) {
                st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + db.name() + "'");
            }
        }
    }

    @Test
    void notReadyWithoutAKeyToSignWith(TestDatabase db) {
        TestServer.migrate(db);
        JdbcClient sql = JdbcClient.create(db.dataSource());
        try (TestServer server = TestServer.start(db, Map.of("cardea.keys.refresh", "0s"))) {
            assertThat(server.get("/health/ready", null).status()).isEqualTo(200);
            // Someone deletes the keys that sign: the instance must leave the load balancer's pool.
            sql.sql("DELETE FROM signing_keys WHERE state = 'active'").update();

            Response noKeys = server.get("/health/ready", null);
            assertThat(noKeys.status()).isEqualTo(503);
            assertThat(Json.read(noKeys.body()).get("reason").asString())
                    .startsWith("signing keys not loaded: no active RS256 signing key");
            assertThat(server.get("/health/alive", null).status()).isEqualTo(200);

            String next = sql.sql("SELECT kid FROM signing_keys WHERE state = 'next' AND algorithm = 'RS256'")
                    .query(String.class).single();
            server.server().part(KeyRing.class).prepare();
            assertThat(server.get("/health/ready", null).status()).isEqualTo(200);
            assertThat(sql.sql("SELECT kid FROM signing_keys WHERE state = 'active' AND algorithm = 'RS256'")
                    .query(String.class).single()).as("the key relying parties know already").isEqualTo(next);
        }
    }

    @Test
    void onShutdownReadinessTurns503WhileRequestsAreStillServed(TestDatabase db) throws Exception {
        TestServer.migrate(db);
        TestServer server = TestServer.start(db, Map.of("cardea.shutdown.drain-delay", "5s"));
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::close);

        Response ready;
        long deadline = System.nanoTime() + 4_000_000_000L;
        do {
            ready = server.get("/health/ready", null);
        } while (ready.status() == 200 && System.nanoTime() < deadline);

        assertThat(ready.status()).isEqualTo(503);
        assertThat(Json.read(ready.body()).get("reason").asString()).isEqualTo("shutting down");
        assertThat(server.get("/health/alive", null).status()).isEqualTo(200);
        assertThat(server.post("/self-service/registration",
                Json.credentials("late@example.com", "a long passphrase"), null).status()).isEqualTo(201);
        stopping.get();
    }

    @Test
    void requestsInFlightFinishBeforeTheServerStops(TestDatabase db) throws Exception {
        TestServer.migrate(db);
        // A costly hash (seconds) makes a registration take long enough to be in flight when the stop
        // begins, however long the request takes to reach the server on a busy machine.
        TestServer server = TestServer.start(db, Map.of("cardea.password.argon2.iterations", "500"));
        CompletableFuture<Response> inFlight = CompletableFuture.supplyAsync(() -> server.post(
                "/self-service/registration", Json.credentials("slow@example.com", "a long passphrase"), null));
        Thread.sleep(1000);

        server.close();

        assertThat(inFlight.get().status()).isEqualTo(201);
        assertThat(JdbcClient.create(db.dataSource()).sql("SELECT count(*) FROM identities WHERE email = "
                + "'slow@example.com'").query(Integer.class).single()).isEqualTo(1);
    }
}
