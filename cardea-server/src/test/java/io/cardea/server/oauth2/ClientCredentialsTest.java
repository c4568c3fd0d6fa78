package io.cardea.server.oauth2;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.Scope;
import io.cardea.server.TestServer;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class ClientCredentialsTest {

    @Test
    void aConfidentialClientGetsATokenWithItsSecretAndNotWithoutIt(TestDatabase db) {
        TestServer.migrate(db);
        try (TestServer server = TestServer.start(db)) {
            var client = server.server().part(Clients.class).register("machine", "Machine", Clients.Kind.CONFIDENTIAL,
                    List.of(RelyingParty.REDIRECT_URI.toString()), List.of());
            var rp = new RelyingParty(server, client.clientId(), client.secret());

            var token = RelyingParty.tokens(rp.token(new ClientCredentialsGrant(), new Scope("email")));
            assertThat(rp.active(token.getAccessToken())).isTrue();
            assertThat(server.get("/oauth2/jwks", null).body()).contains("\"kid\"").doesNotContain("\"d\"");

            var impostor = new RelyingParty(server, client.clientId(), client.secret() + "x");
            assertThat(impostor.token(new ClientCredentialsGrant(), null).getStatusCode()).isEqualTo(401);

            String stored = server.server().part(org.springframework.jdbc.core.simple.JdbcClient.class)
                    .sql("SELECT client_secret FROM oauth2_registered_client WHERE client_id = 'machine'")
                    .query(String.class).single();
            assertThat(stored).startsWith("{sha256}").doesNotContain(client.secret());
        }
    }

    /** Parsed clients are reused only for an identical row: a change made through any instance counts at once. */
    @Test
    void aClientChangedOrDeletedInTheDatabaseIsSeenByTheNextRequest(TestDatabase db) {
        TestServer.migrate(db);
        try (TestServer server = TestServer.start(db)) {
            var client = server.server().part(Clients.class).register("rotating", "Rotating", Clients.Kind.CONFIDENTIAL,
                    List.of(RelyingParty.REDIRECT_URI.toString()), List.of());
            var before = new RelyingParty(server, "rotating", client.secret());
            assertThat(before.token(new ClientCredentialsGrant(), null).getStatusCode()).isEqualTo(200);

            var sql = org.springframework.jdbc.core.simple.JdbcClient.create(db.dataSource());
            sql.sql("UPDATE oauth2_registered_client SET client_secret = :hash WHERE client_id = 'rotating'")
                    .param("hash", new ClientSecretHash().encode("the-next-secret")).update();
            assertThat(before.token(new ClientCredentialsGrant(), null).getStatusCode()).isEqualTo(401);
            var after = new RelyingParty(server, "rotating", "the-next-secret");
            assertThat(after.token(new ClientCredentialsGrant(), null).getStatusCode()).isEqualTo(200);

            sql.sql("DELETE FROM oauth2_registered_client WHERE client_id = 'rotating'").update();
            assertThat(after.token(new ClientCredentialsGrant(), null).getStatusCode()).isEqualTo(401);
        }
    }
}
