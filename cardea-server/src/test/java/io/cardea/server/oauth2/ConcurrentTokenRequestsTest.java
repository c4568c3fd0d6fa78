package io.cardea.server.oauth2;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardea.server.Json;
import io.cardea.server.TestServer;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Many more concurrent token and introspection requests than pooled database connections: every
 * one is answered. (Spring's JDBC services look up the client while reading a row; outside a
 * transaction that took a second connection, and a full pool then waited on itself.)
 */
@ExtendWith(PostgresExtension.class)
class ConcurrentTokenRequestsTest {

    private static final int CONCURRENT = 40;

    @Test
    void tokenAndIntrospectionRequestsBeyondThePoolSizeAreAllAnswered(TestDatabase db) {
        TestServer.migrate(db);
        try (TestServer server = TestServer.start(db, Map.of("spring.datasource.hikari.maximum-pool-size", "4",
                "spring.datasource.hikari.connection-timeout", "3000"))) {
            var client = server.server().part(Clients.class).register("busy", "Busy", Clients.Kind.CONFIDENTIAL,
                    List.of(RelyingParty.REDIRECT_URI.toString()), List.of());
            String basic = "Basic " + Base64.getEncoder().encodeToString(
                    (client.clientId() + ":" + client.secret()).getBytes(StandardCharsets.UTF_8));
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + server.server().port();

            List<HttpResponse<String>> tokens = all(http, base + "/oauth2/token", basic, "grant_type=client_credentials");
            assertThat(tokens).allSatisfy(r -> assertThat(r.statusCode()).as(r.body()).isEqualTo(200));

            String accessToken = Json.read(tokens.getFirst().body()).get("access_token").asString();
            List<HttpResponse<String>> introspections = all(http, base + "/oauth2/introspect", basic,
                    "token=" + accessToken);
            assertThat(introspections).allSatisfy(r -> {
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                assertThat(Json.read(r.body()).get("active").asBoolean()).isTrue();
            });
        }
    }

    private static List<HttpResponse<String>> all(HttpClient http, String url, String authorization, String form) {
        List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
        for (int i = 0; i < CONCURRENT; i++) {
            pending.add(http.sendAsync(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                    .header("Authorization", authorization)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        return pending.stream().map(CompletableFuture::join).toList();
    }
}
