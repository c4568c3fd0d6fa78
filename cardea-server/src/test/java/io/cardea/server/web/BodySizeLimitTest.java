package io.cardea.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardea.server.Json;
import io.cardea.server.TestServer;
import io.cardea.server.oauth2.Browser;
import io.cardea.server.oauth2.Clients;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import java.io.ByteArrayInputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The body cap holds for every request before anything reads the body: form posts too, with or
 * without a declared length. Each oversized form here is otherwise valid, so a form that got
 * through would sign in or issue a token.
 */
@ExtendWith(PostgresExtension.class)
class BodySizeLimitTest {

    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String PASSWORD = "a long passphrase";
    private static final String PADDING = "x".repeat(100_000);

    @AutoClose
    static TestServer server;
    static JdbcClient sql;
    /** The HTTP Basic credentials of a client that may get client_credentials tokens. */
    static String basic;

    @BeforeAll
    static void start(TestDatabase db) {
        TestServer.migrate(db);
        server = TestServer.start(db);
        sql = JdbcClient.create(db.dataSource());
        var machine = server.server().part(Clients.class).register("machine", "machine", Clients.Kind.CONFIDENTIAL,
                List.of("http://127.0.0.1:9876/callback"), List.of());
        basic = "Basic " + Base64.getEncoder().encodeToString((machine.clientId() + ":" + machine.secret())
                .getBytes(StandardCharsets.UTF_8));
        server.post("/self-service/registration", Json.credentials("big@example.com", PASSWORD), null);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void anOversizedSignInFormIsRefusedAndSignsNobodyIn(boolean declaredLength) {
        long sessions = count("sessions");
        var browser = new Browser();
        TestServer.Response page = browser.get(server, "/sign-in");
        String cookies = page.setCookies().stream().map(c -> c.split(";", 2)[0]).collect(Collectors.joining("; "));
        String form = form("_csrf", Browser.field(page.body(), "_csrf"), "email", "big@example.com", "password",
                PASSWORD, "padding", PADDING);

        TestServer.Response answer = server.send(post("/sign-in", form, declaredLength).header("Cookie", cookies));

        assertThat(answer.status()).as(answer.body()).isEqualTo(413);
        assertThat(answer.setCookies()).noneMatch(c -> c.startsWith("cardea_session=") && !c.startsWith("cardea_session=;"));
        assertThat(count("sessions")).isEqualTo(sessions);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void anOversizedTokenRequestIsRefusedAndIssuesNothing(boolean declaredLength) {
        long tokens = count("oauth2_access_token");

        TestServer.Response answer = server.send(post("/oauth2/token", form("grant_type", "client_credentials",
                "padding", PADDING), declaredLength).header("Authorization", basic));

        assertThat(answer.status()).as(answer.body()).isEqualTo(413);
        assertThat(count("oauth2_access_token")).isEqualTo(tokens);
    }

    @Test
    void aFormUnderTheCapStillGoesThrough() {
        TestServer.Response answer = server.send(post("/oauth2/token", form("grant_type", "client_credentials",
                "padding", "x".repeat(60_000)), false).header("Authorization", basic));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    }

    /** A form post; without a declared length its body is sent in chunks. */
    private static HttpRequest.Builder post(String path, String form, boolean declaredLength) {
        byte[] body = form.getBytes(StandardCharsets.UTF_8);
        return server.request(path, null).header("Content-Type", FORM).POST(declaredLength
                ? HttpRequest.BodyPublishers.ofByteArray(body)
                : HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
    }

    private static String form(String... namesAndValues) {
        StringBuilder form = new StringBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            form.append(i == 0 ? "" : "&").append(namesAndValues[i]).append('=')
                    .append(URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
        }
        return form.toString();
    }

    private static long count(String table) {
        return sql.sql("SELECT count(*) FROM " + table).query(Long.class).single();
    }
}
