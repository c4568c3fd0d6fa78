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
import java.util.function.IntFunction;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Many more concurrent token requests than pooled database connections: every one is answered.
 * (Spring's JDBC services look up the client while reading a row; outside a transaction that took
 * a second connection, and a full pool then waited on itself. Each request signing while the
 * signing keys were due to be read again read them, a refresh inside its transaction too: the same.)
 * The keys are due to be read again at every use here.
 */
@ExtendWith(PostgresExtension.class)
class ConcurrentTokenRequestsTest {

    private static final int CONCURRENT = 40;

    @AutoClose
    static TestServer server;
    static Clients.Registered client;
    static String basic;
    static HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start(TestDatabase db) {
        TestServer.migrate(db);
        server = TestServer.start(db, Map.of("spring.datasource.hikari.maximum-pool-size", "4",
                "spring.datasource.hikari.connection-timeout", "3000", "cardea.keys.refresh", "0s"));
        client = server.server().part(Clients.class).register("busy", "Busy", Clients.Kind.CONFIDENTIAL,
                List.of(RelyingParty.REDIRECT_URI.toString()), List.of());
        basic = "Basic " + Base64.getEncoder().encodeToString(
                (client.clientId() + ":" + client.secret()).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void tokenAndIntrospectionRequestsBeyondThePoolSizeAreAllAnswered() {
        List<HttpResponse<String>> tokens = all("/oauth2/token", i -> "grant_type=client_credentials");
        assertThat(tokens).allSatisfy(r -> assertThat(r.statusCode()).as(r.body()).isEqualTo(200));

        String accessToken = Json.read(tokens.getFirst().body()).get("access_token").asString();
        List<HttpResponse<String>> introspections = all("/oauth2/introspect", i -> "token=" + accessToken);
        assertThat(introspections).allSatisfy(r -> {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(Json.read(r.body()).get("active").asBoolean()).isTrue();
        });
    }

    @Test
    void refreshesBeyondThePoolSizeAreAllAnswered() {
        String email = "many-apps@example.com";
        server.signUpAndIn(email, AuthorizationCodeFlowTest.PASSWORD);
        var rp = new RelyingParty(server, client.clientId(), client.secret());
        var browser = new Browser();
        List<String> refreshTokens = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            var verifier = new CodeVerifier();
            var code = AuthorizationCodeFlowTest.authorize(server, server, browser, rp, verifier, email);
            refreshTokens.add(RelyingParty.tokens(rp.exchange(code, verifier)).getRefreshToken().getValue());
        }
        // Twice: the first use of a token from the code exchange moves it, the second rotates it.
        for (int round = 0; round < 2; round++) {
            List<HttpResponse<String>> answers = all("/oauth2/token",
                    i -> "grant_type=refresh_token&refresh_token=" + refreshTokens.get(i % refreshTokens.size()),
                    refreshTokens.size());
            assertThat(answers).allSatisfy(r -> assertThat(r.statusCode()).as(r.body()).isEqualTo(200));
            for (int i = 0; i < answers.size(); i++) {
                refreshTokens.set(i, Json.read(answers.get(i).body()).get("refresh_token").asString());
            }
        }
    }

    private static List<HttpResponse<String>> all(String path, IntFunction<String> form) {
        return all(path, form, CONCURRENT);
    }

    private static List<HttpResponse<String>> all(String path, IntFunction<String> form, int requests) {
        List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            pending.add(http.sendAsync(HttpRequest.newBuilder(URI.create(server.url(path)))
                    .timeout(Duration.ofSeconds(60))
                    .header("Authorization", basic)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form.apply(i))).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        return pending.stream().map(CompletableFuture::join).toList();
    }
}
