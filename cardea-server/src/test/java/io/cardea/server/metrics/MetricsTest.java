package io.cardea.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import io.cardea.server.Json;
import io.cardea.server.TestServer;
import io.cardea.server.oauth2.Clients;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class MetricsTest {

    @AutoClose
    static TestServer server;
    @AutoClose
    static TestServer guarded;

    @BeforeAll
    static void start(TestDatabase db) {
        TestServer.migrate(db);
        server = TestServer.start(db);
        guarded = TestServer.start(db, Map.of("cardea.metrics.token", "scrape-me-please-0123456789"));
    }

    @Test
    void countsRequestsByRouteSignInOutcomesAndHashTimings() {
        String token = server.signUpAndIn("mia@example.com", "a long passphrase");
        server.post("/self-service/login", Json.credentials("mia@example.com", "not it"), null);
        server.get("/sessions/whoami", token);
        server.delete("/sessions/00000000-0000-0000-0000-000000000000", token);

        TestServer.Response r = server.get("/metrics", null);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body())
                .containsPattern("http_server_requests_seconds_count\\{method=\"GET\",status=\"200\",uri=\"/sessions/whoami\"} 1")
                .containsPattern("http_server_requests_seconds_count\\{method=\"DELETE\",status=\"404\",uri=\"/sessions/\\{id}\"} 1")
                .containsPattern("cardea_sign_in_total\\{outcome=\"success\"} 1")
                .containsPattern("cardea_sign_in_total\\{outcome=\"invalid_credentials\"} 1")
                .containsPattern("cardea_password_hash_seconds_count\\{operation=\"verify\"} 2")
                .containsPattern("cardea_password_hash_seconds_count\\{operation=\"hash\"} [1-9]")
                // A route pattern, never a raw path with an id in it.
                .doesNotContain("00000000-0000-0000-0000-000000000000");
    }

    @Test
    void countsTokensIssuedByGrantTypeButNotRefusedRequests() throws Exception {
        var client = server.server().part(Clients.class).register("metered", "Metered", Clients.Kind.CONFIDENTIAL,
                List.of("http://127.0.0.1:9876/callback"), List.of());
        URI endpoint = URI.create(server.url("/oauth2/token"));
        var auth = new ClientSecretBasic(new ClientID("metered"), new Secret(client.secret()));
        for (int i = 0; i < 2; i++) {
            assertThat(new TokenRequest(endpoint, auth, new ClientCredentialsGrant()).toHTTPRequest().send()
                    .getStatusCode()).isEqualTo(200);
        }
        var wrongSecret = new ClientSecretBasic(new ClientID("metered"), new Secret("not-the-secret"));
        assertThat(new TokenRequest(endpoint, wrongSecret, new ClientCredentialsGrant()).toHTTPRequest().send()
                .getStatusCode()).isEqualTo(401);
        assertThat(new TokenRequest(endpoint, auth, new RefreshTokenGrant(new RefreshToken("made-up"))).toHTTPRequest()
                .send().getStatusCode()).isEqualTo(400);

        assertThat(server.get("/metrics", null).body())
                .containsPattern("cardea_tokens_issued_total\\{grant_type=\"client_credentials\"} 2")
                .doesNotContainPattern("cardea_tokens_issued_total\\{grant_type=\"refresh_token\"} [1-9]");
    }

    @Test
    void withATokenConfiguredMetricsNeedIt() {
        assertThat(guarded.get("/metrics", null).status()).isEqualTo(401);
        assertThat(guarded.send(guarded.request("/metrics", null).header("Authorization", "Bearer wrong").GET())
                .status()).isEqualTo(401);

        TestServer.Response ok = guarded.send(guarded.request("/metrics", null)
                .header("Authorization", "Bearer scrape-me-please-0123456789").GET());

        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body()).contains("http_server_requests_seconds");
    }
}
