package io.cardea.server.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardea.server.Json;
import io.cardea.server.TestServer;
import io.cardea.server.TestServer.Response;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.simple.JdbcClient;

@ExtendWith(PostgresExtension.class)
class RegistrationTest {

    @AutoClose
    static TestServer server;
    static JdbcClient sql;

    @BeforeAll
    static void start(TestDatabase db) {
        TestServer.migrate(db);
        server = TestServer.start(db);
        sql = JdbcClient.create(db.dataSource());
    }

    @Test
    void registersAnIdentityWithAnArgon2idHash() {
        Response r = server.post("/self-service/registration", Json.credentials(" ada@example.com ",
                "correct horse battery"), null);

        assertThat(r.status()).isEqualTo(201);
        var body = Json.read(r.body());
        assertThat(body.get("email").asString()).isEqualTo("ada@example.com");
        assertThat(body.get("state").asString()).isEqualTo("active");
        assertThat(body.has("created_at")).isTrue();
        assertThat(body.has("password")).isFalse();
        String hash = sql.sql("SELECT hash FROM password_credentials WHERE identity_id = CAST(? AS uuid)")
                .param(body.get("id").asString()).query(String.class).single();
        assertThat(hash).startsWith("$argon2id$v=19$m=7168,t=5,p=1$").doesNotContain("correct horse");
    }

    @Test
    void refusesAnEmailTakenInAnyCase() {
        assertThat(server.post("/self-service/registration", Json.credentials("Grace@Example.com",
                "a long passphrase"), null).status()).isEqualTo(201);

        Response r = server.post("/self-service/registration", Json.credentials("grace@EXAMPLE.com",
                "another passphrase"), null);

        assertThat(r.status()).isEqualTo(409);
        var body = Json.read(r.body());
        assertThat(body.get("error").asString()).isEqualTo("email_taken");
        assertThat(body.get("field").asString()).isEqualTo("email");
        assertThat(count("grace@example.com")).isEqualTo(1);
    }

    @Test
    void refusesAShortPasswordAndStoresNothing() {
        Response r = server.post("/self-service/registration", Json.credentials("short@example.com", "s3cr3t!"), null);

        assertThat(r.status()).isEqualTo(400);
        var body = Json.read(r.body());
        assertThat(body.get("error").asString()).isEqualTo("weak_password");
        assertThat(body.get("field").asString()).isEqualTo("password");
        assertThat(body.get("message").asString()).contains("8");
        assertThat(count("short@example.com")).isZero();
    }

    @Test
    void refusesACommonPassword() {
        Response r = server.post("/self-service/registration", Json.credentials("common@example.com", "Password123"),
                null);

        assertThat(r.status()).isEqualTo(400);
        assertThat(Json.read(r.body()).get("error").asString()).isEqualTo("weak_password");
        assertThat(count("common@example.com")).isZero();
    }

    @Test
    void refusesAnInvalidEmail() {
        for (String email : new String[] {"not-an-email", "two@@example.com", "nodot@localhost", "a b@example.com", ""}) {
            Response r = server.post("/self-service/registration", Json.credentials(email, "a long passphrase"), null);

            assertThat(r.status()).as(email).isEqualTo(400);
            var body = Json.read(r.body());
            assertThat(body.get("error").asString()).isEqualTo("invalid_email");
            assertThat(body.get("field").asString()).isEqualTo("email");
        }
    }

    @Test
    void refusesMalformedJson() {
        for (String json : new String[] {"{\"email\": \"x@example.com\", ", "[1, 2]", "not json", ""}) {
            Response r = server.post("/self-service/registration", json, null);

            assertThat(r.status()).as(json).isEqualTo(400);
            assertThat(Json.read(r.body()).get("error").asString()).isEqualTo("malformed_body");
        }
    }

    @Test
    void refusesMissingFields() {
        Response r = server.post("/self-service/registration", "{\"email\": \"nopass@example.com\"}", null);

        assertThat(r.status()).isEqualTo(400);
        assertThat(Json.read(r.body()).get("field").asString()).isEqualTo("password");
    }

    @Test
    void refusesAnOversizedBody() {
        String huge = Json.credentials("big@example.com", "x".repeat(100_000));

        assertThat(server.post("/self-service/registration", huge, null).status()).isEqualTo(413);

        // Sent in chunks, without a declared length, the body is cut off at the limit all the same.
        var chunked = server.request("/self-service/registration", null).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(huge.getBytes())));
        assertThat(server.send(chunked).status()).isEqualTo(413);
        assertThat(count("big@example.com")).isZero();
    }

    @Test
    void refusesOtherContentTypes() {
        var r = server.send(server.request("/self-service/registration", null).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(Json.credentials("t@example.com", "a long passphrase"))));

        assertThat(r.status()).isEqualTo(415);
        assertThat(Json.read(r.body()).get("error").asString()).isEqualTo("unsupported_media_type");
    }

    private static int count(String email) {
        return sql.sql("SELECT count(*) FROM identities WHERE lower(email) = lower(?)").param(email)
                .query(Integer.class).single();
    }
}
