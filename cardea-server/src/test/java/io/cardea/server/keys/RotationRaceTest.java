package io.cardea.server.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardea.server.TestServer;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Two full servers on one database whose rotation schedules fire at the same moment. */
@ExtendWith(PostgresExtension.class)
class RotationRaceTest {

    /** The timers are far apart: the test fires both schedules itself, together. */
    private static final Map<String, String> SETTINGS = Map.of("cardea.keys.check-interval", "1h",
            "cardea.keys.rotation-interval", "1h", "cardea.keys.publish-ahead", "10m");

    @Test
    void schedulesFiringTogetherMakeExactlyOneNewKeyPerAlgorithm(TestDatabase db) throws Exception {
        TestServer.migrate(db);
        JdbcClient sql = JdbcClient.create(db.dataSource());
        sql.sql("DELETE FROM signing_keys").update();
        try (TestServer blue = TestServer.start(db, SETTINGS); TestServer green = TestServer.start(db, SETTINGS)) {
            for (int round = 1; round <= 3; round++) {
                List<String> nextKids = sql.sql("SELECT kid FROM signing_keys WHERE state = 'next' ORDER BY kid")
                        .query(String.class).list();
                sql.sql("UPDATE signing_keys SET activated_at = now() - interval '2 hours', "
                        + "created_at = now() - interval '2 hours' WHERE state <> 'retired'").update();

                CountDownLatch go = new CountDownLatch(1);
                var onBlue = CompletableFuture.runAsync(() -> fire(go, blue));
                var onGreen = CompletableFuture.runAsync(() -> fire(go, green));
                go.countDown();
                onBlue.get();
                onGreen.get();

                assertThat(sql.sql("SELECT algorithm || ' ' || state || ' ' || count(*) FROM signing_keys "
                        + "GROUP BY algorithm, state ORDER BY 1").query(String.class).list()).as("round " + round)
                        .containsExactly("ES256 active 1", "ES256 next 1", "ES256 retired " + round, "RS256 active 1",
                                "RS256 next 1", "RS256 retired " + round);
                assertThat(sql.sql("SELECT kid FROM signing_keys WHERE state = 'active' ORDER BY kid")
                        .query(String.class).list()).as("the keys published as next sign now").isEqualTo(nextKids);
            }
        }
    }

    private static void fire(CountDownLatch go, TestServer server) {
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.server().part(RotationSchedule.class).check();
    }
}
