package io.cardea.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardea.server.TestServer;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two servers on one database, as during a rolling upgrade: either accepts what the other did. */
@ExtendWith(PostgresExtension.class)
class TwoInstancesTest {

    @Test
    void instancesShareIdentitiesAndSessions(TestDatabase db) {
        TestServer.migrate(db);
        try (TestServer blue = TestServer.start(db); TestServer green = TestServer.start(db)) {
            String token = blue.signUpAndIn("both@example.com", "a long passphrase");

            assertThat(green.get("/sessions/whoami", token).status()).isEqualTo(200);
            String other = green.signIn("both@example.com", "a long passphrase");
            assertThat(blue.get("/sessions/whoami", other).status()).isEqualTo(200);

            assertThat(green.post("/self-service/logout", "", token).status()).isEqualTo(204);
            assertThat(blue.get("/sessions/whoami", token).status()).isEqualTo(401);
            assertThat(blue.get("/sessions/whoami", other).status()).isEqualTo(200);

            // Closing one instance loses nothing: the other goes on serving its sessions.
            blue.close();
            assertThat(green.get("/sessions/whoami", other).status()).isEqualTo(200);
        }
    }
}
