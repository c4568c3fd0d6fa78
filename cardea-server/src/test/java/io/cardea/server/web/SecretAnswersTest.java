package io.cardea.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardea.server.Json;
import io.cardea.server.TestServer;
import io.cardea.server.TestServer.Response;
import io.cardea.server.oauth2.Clients;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Answers that carry a token or a secret are never stored by a cache and never sniffed into
 * another type, whichever path answers them: the token shortcut, Spring's endpoints, the admin API.
 */
@ExtendWith(PostgresExtension.class)
class SecretAnswersTest {

    private static final String ADMIN_TOKEN = "admin-token-for-the-headers-test-0123";

    @AutoClose
    static TestServer server;
    static String basic;

    @BeforeAll
    static void start(TestDatabase db) {
        TestServer.migrate(db);
        server = TestServer.start(db, Map.of("cardea.admin.tokens", ADMIN_TOKEN));
        var machine = server.server().part(Clients.class).register("machine", "machine", Clients.Kind.CONFIDENTIAL,
                List.of("http://127.0.0.1:9876/callback"), List.of());
        basic = "Basic " + Base64.getEncoder().encodeToString((machine.clientId() + ":" + machine.secret())
                .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void tokensAndIntrospectionsAreNotStored() {
        // A query string sends the request past the shortcut, to Spring's endpoint.
        for (String query : List.of("", "?via=spring")) {
            Response token = form("/oauth2/token" + query, "grant_type=client_credentials");
            assertThat(token.status()).as(token.body()).isEqualTo(200);
            assertNotStored(token);

            String accessToken = Json.read(token.body()).get("access_token").asString();
            Response introspection = form("/oauth2/introspect" + query, "token=" + accessToken);
            assertThat(introspection.status()).as(introspection.body()).isEqualTo(200);
            assertNotStored(introspection);
        }
    }

    @Test
    void adminAnswersWithAClientSecretAreNotStored() {
        Response created = server.call("POST", "/admin/clients", ADMIN_TOKEN, "{\"client_id\":\"headers-app\","
                + "\"name\":\"Headers app\",\"redirect_uris\":[\"https://app.example/cb\"]}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(Json.read(created.body()).get("client_secret").asString()).isNotEmpty();
        assertNotStored(created);

        Response rotated = server.call("POST", "/admin/clients/headers-app/secret", ADMIN_TOKEN, null);
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        assertNotStored(rotated);

        assertNotStored(server.call("GET", "/admin/identities", ADMIN_TOKEN, null));
    }

    private static Response form(String path, String body) {
        return server.send(server.request(path, null).header("Authorization", basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static void assertNotStored(Response answer) {
        assertThat(answer.header("Cache-Control")).as("Cache-Control").contains("no-store");
        assertThat(answer.header("X-Content-Type-Options")).as("X-Content-Type-Options").isEqualTo("nosniff");
    }
}
