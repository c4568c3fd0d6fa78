package io.cardea.server.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardea.server.Json;
import io.cardea.server.TestServer;
import io.cardea.server.TestServer.Response;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** {@code /admin/keys}: the ring through the admin API, with the refusals of {@code cardea keys}. */
@ExtendWith(PostgresExtension.class)
class AdminKeysTest {

    private static final String TOKEN = "admin-token-for-key-tests-0123456789";

    @Test
    void onlyAnAdminSeesOrChangesTheKeys(TestDatabase db) {
        try (TestServer server = start(db)) {
            List<String> before = kids(server);

            for (String token : new String[] {null, "not-the-admin-token"}) {
                Response list = admin(server, token, "GET", "/admin/keys");
                assertThat(list.status()).isEqualTo(401);
                assertThat(Json.read(list.body()).get("error").asString()).isEqualTo("unauthorized");
                assertThat(admin(server, token, "POST", "/admin/keys/rotate?now=true").status()).isEqualTo(401);
                assertThat(admin(server, token, "POST", "/admin/keys/" + before.get(0) + "/retire").status())
                        .isEqualTo(401);
            }
            assertThat(kids(server)).isEqualTo(before);
        }
    }

    @Test
    void listsTheRingWithoutKeyMaterial(TestDatabase db) {
        try (TestServer server = start(db)) {
            Response r = admin(server, TOKEN, "GET", "/admin/keys");

            assertThat(r.status()).isEqualTo(200);
            JsonNode body = Json.read(r.body());
            assertThat(body.get("algorithms").toString()).isEqualTo("[\"RS256\",\"ES256\"]");
            List<String> rows = new ArrayList<>();
            body.get("keys").forEach(k -> rows.add(k.get("algorithm").asString() + " " + k.get("state").asString()));
            assertThat(rows).containsExactly("RS256 active", "RS256 next", "ES256 active", "ES256 next");
            assertThat(body.get("keys").get(0).has("created_at")).isTrue();
            assertThat(r.body()).doesNotContain("\"n\"", "\"d\"", "\"x\"", "public_jwk", "private");
        }
    }

    @Test
    void rotatesOnlyWhenSafeUnlessToldNow(TestDatabase db) {
        try (TestServer server = start(db)) {
            List<String> before = kids(server);

            Response refused = admin(server, TOKEN, "POST", "/admin/keys/rotate");
            assertThat(refused.status()).isEqualTo(409);
            assertThat(Json.read(refused.body()).get("error").asString()).isEqualTo("refused");
            assertThat(Json.read(refused.body()).get("message").asString())
                    .contains("relying parties may not have fetched it");
            assertThat(kids(server)).isEqualTo(before);

            Response bad = admin(server, TOKEN, "POST", "/admin/keys/rotate?now=true&algorithm=HS256");
            assertThat(bad.status()).isEqualTo(400);
            assertThat(Json.read(bad.body()).get("error").asString()).isEqualTo("invalid_algorithm");
            assertThat(kids(server)).isEqualTo(before);

            Response rotated = admin(server, TOKEN, "POST", "/admin/keys/rotate?now=true&algorithm=ES256");
            assertThat(rotated.status()).isEqualTo(200);
            assertThat(Json.read(rotated.body()).get("signing").get(0).asString()).isEqualTo(before.get(3));
            assertThat(kids(server)).hasSize(5);
        }
    }

    @Test
    void retiresAKeyOnlyOnceItsTokensHaveExpired(TestDatabase db) {
        try (TestServer server = start(db)) {
            List<String> before = kids(server);
            admin(server, TOKEN, "POST", "/admin/keys/rotate?now=true&algorithm=RS256");

            Response unknown = admin(server, TOKEN, "POST", "/admin/keys/no-such-kid/retire");
            assertThat(unknown.status()).isEqualTo(404);
            assertThat(Json.read(unknown.body()).get("error").asString()).isEqualTo("not_found");
            Response active = admin(server, TOKEN, "POST", "/admin/keys/" + before.get(1) + "/retire");
            assertThat(active.status()).isEqualTo(409);
            assertThat(Json.read(active.body()).get("message").asString()).contains("is active, not retired");
            Response tooSoon = admin(server, TOKEN, "POST", "/admin/keys/" + before.get(0) + "/retire");
            assertThat(tooSoon.status()).isEqualTo(409);
            assertThat(Json.read(tooSoon.body()).get("message").asString()).contains("may be valid until");
            assertThat(kids(server)).hasSize(5);

            JdbcClient.create(db.dataSource()).sql("UPDATE signing_keys SET retired_at = now() - interval '1 hour' "
                    + "WHERE state = 'retired'").update();
            Response removed = admin(server, TOKEN, "POST", "/admin/keys/" + before.get(0) + "/retire");
            assertThat(removed.status()).isEqualTo(200);
            assertThat(Json.read(removed.body()).get("removed").asString()).isEqualTo(before.get(0));
            assertThat(kids(server)).hasSize(4).doesNotContain(before.get(0));
        }
    }

    /** A server on a ring without keys yet: the test class shares one database. */
    private static TestServer start(TestDatabase db) {
        TestServer.migrate(db);
        JdbcClient.create(db.dataSource()).sql("DELETE FROM signing_keys").update();
        return TestServer.start(db, Map.of("cardea.admin.tokens", TOKEN));
    }

    private static List<String> kids(TestServer server) {
        List<String> kids = new ArrayList<>();
        Json.read(admin(server, TOKEN, "GET", "/admin/keys").body()).get("keys")
                .forEach(k -> kids.add(k.get("kid").asString()));
        return kids;
    }

    private static Response admin(TestServer server, String token, String method, String path) {
        HttpRequest.Builder b = server.request(path, null);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return server.send(b.method(method, HttpRequest.BodyPublishers.noBody()));
    }
}
