package io.cardea.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardea.server.Json;
import io.cardea.server.TestServer;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Behind the gateway: X-Forwarded-* from a proxy on this machine are believed, from anywhere else not. */
@ExtendWith(PostgresExtension.class)
class ForwardedHeadersTest {

    @AutoClose
    static TestServer behindGateway;
    @AutoClose
    static TestServer trustingNobodyHere;
    static JdbcClient sql;

    @BeforeAll
    static void start(TestDatabase db) {
        TestServer.migrate(db);
        behindGateway = TestServer.start(db);
        trustingNobodyHere = TestServer.start(db, Map.of("cardea.trusted-proxies", "10\\.9\\.8\\.7"));
        sql = JdbcClient.create(db.dataSource());
    }

    private static HttpRequest.Builder forwarded(TestServer server, String path) {
        return server.request(path, null)
                .header("X-Forwarded-For", "203.0.113.7")
                .header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Host", "id.example.com")
                .header("X-Forwarded-Port", "443");
    }

    @Test
    void theIssuerCarriesThePublicSchemeAndHost() {
        var discovery = behindGateway.send(forwarded(behindGateway, "/.well-known/openid-configuration").GET());

        assertThat(discovery.status()).isEqualTo(200);
        assertThat(Json.read(discovery.body()).get("issuer").asString()).isEqualTo("https://id.example.com");
    }

    @Test
    void failedSignInsAreCountedAgainstTheRealClientAddress() {
        sql.sql("DELETE FROM sign_in_failures").update();

        behindGateway.send(forwarded(behindGateway, "/self-service/login")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.credentials("who@example.com", "guess"))));

        assertThat(sql.sql("SELECT host(ip_address) FROM sign_in_failures").query(String.class).list())
                .containsExactly("203.0.113.7");
    }

    @Test
    void headersFromAnUntrustedPeerAreIgnored() {
        sql.sql("DELETE FROM sign_in_failures").update();

        var discovery = trustingNobodyHere.send(forwarded(trustingNobodyHere, "/.well-known/openid-configuration").GET());
        trustingNobodyHere.send(forwarded(trustingNobodyHere, "/self-service/login")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.credentials("who@example.com", "guess"))));

        assertThat(Json.read(discovery.body()).get("issuer").asString()).startsWith("http://127.0.0.1:");
        assertThat(sql.sql("SELECT host(ip_address) FROM sign_in_failures").query(String.class).list())
                .containsExactly("127.0.0.1");
    }
}
