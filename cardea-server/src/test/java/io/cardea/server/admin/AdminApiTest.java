package io.cardea.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardea.server.Json;
import io.cardea.server.TestServer;
import io.cardea.server.TestServer.Response;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@ExtendWith(PostgresExtension.class)
class AdminApiTest {

    private static final String TOKEN = "admin-token-for-tests-0123456789";
    private static final String OLD_TOKEN = "admin-token-being-retired-9876543210";

    @AutoClose
    static TestServer server;
    @AutoClose
    static TestServer withoutTokens;
    static JdbcClient sql;

    @BeforeAll
    static void start(TestDatabase db) {
        TestServer.migrate(db);
        server = TestServer.start(db, Map.of("cardea.admin.tokens", TOKEN + "," + OLD_TOKEN));
        withoutTokens = TestServer.start(db);
        sql = JdbcClient.create(db.dataSource());
    }

    private static Response admin(String method, String path, String body) {
        return admin(server, TOKEN, method, path, body);
    }

    private static Response admin(TestServer s, String token, String method, String path, String body) {
        return s.call(method, path, token, body);
    }

    private static String create(String email) {
        Response r = admin("POST", "/admin/identities",
                "{\"email\":\"" + email + "\",\"password\":\"a long passphrase\",\"traits\":{\"plan\":\"pro\"}}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return Json.read(r.body()).get("id").asString();
    }

    @Test
    void everyAdminRouteNeedsAConfiguredToken() {
        assertThat(admin(server, null, "GET", "/admin/identities", null).status()).isEqualTo(401);
        assertThat(admin(server, "wrong", "GET", "/admin/identities", null).status()).isEqualTo(401);
        assertThat(admin(server, TOKEN + "x", "DELETE", "/admin/sessions/00000000-0000-0000-0000-000000000000", null)
                .status()).isEqualTo(401);
        assertThat(admin(server, OLD_TOKEN, "GET", "/admin/identities", null).status()).isEqualTo(200);
        Response off = admin(withoutTokens, TOKEN, "GET", "/admin/identities", null);
        assertThat(off.status()).isEqualTo(401);
        assertThat(Json.read(off.body()).get("error").asString()).isEqualTo("admin_api_disabled");
    }

    @Test
    void createsReadsUpdatesAndDeletesAnIdentity() {
        String id = create("ana@example.com");

        JsonNode read = Json.read(admin("GET", "/admin/identities/" + id, null).body());
        assertThat(read.get("email").asString()).isEqualTo("ana@example.com");
        assertThat(read.get("traits").get("plan").asString()).isEqualTo("pro");
        assertThat(read.get("state").asString()).isEqualTo("active");
        assertThat(read.get("email_verified").asBoolean()).isFalse();
        sql.sql("UPDATE identities SET verified_email = 'ANA@example.com' WHERE id = CAST(? AS uuid)").param(id).update();
        assertThat(Json.read(admin("GET", "/admin/identities/" + id, null).body()).get("email_verified").asBoolean())
                .as("verified: the address last proven, in any case").isTrue();

        Response patched = admin("PATCH", "/admin/identities/" + id,
                "{\"email\":\"ana.b@example.com\",\"traits\":{\"plan\":\"team\",\"seats\":3}}");
        assertThat(patched.status()).isEqualTo(200);
        JsonNode after = Json.read(patched.body());
        assertThat(after.get("email").asString()).isEqualTo("ana.b@example.com");
        assertThat(after.get("traits").get("seats").asInt()).isEqualTo(3);
        assertThat(after.get("email_verified").asBoolean()).as("a changed address is not the one proven").isFalse();
        assertThat(server.signIn("ana.b@example.com", "a long passphrase")).isNotBlank();

        assertThat(admin("DELETE", "/admin/identities/" + id, null).status()).isEqualTo(204);
        assertThat(admin("GET", "/admin/identities/" + id, null).status()).isEqualTo(404);
        assertThat(admin("DELETE", "/admin/identities/" + id, null).status()).isEqualTo(404);
        assertThat(sql.sql("SELECT count(*) FROM sessions WHERE identity_id = CAST(? AS uuid)").param(id)
                .query(Long.class).single()).isZero();
    }

    @Test
    void disablingAnIdentitySignsItOutEverywhereAndKeepsItOut() {
        String id = create("dee@example.com");
        String session = server.signIn("dee@example.com", "a long passphrase");

        assertThat(admin("PATCH", "/admin/identities/" + id, "{\"state\":\"disabled\"}").status()).isEqualTo(200);

        assertThat(server.get("/sessions/whoami", session).status()).isEqualTo(401);
        assertThat(server.post("/self-service/login", Json.credentials("dee@example.com", "a long passphrase"), null)
                .status()).isEqualTo(403);
        assertThat(sql.sql("SELECT count(*) FROM sessions WHERE identity_id = CAST(? AS uuid)").param(id)
                .query(Long.class).single()).isZero();
    }

    @Test
    void badInputIsRefusedWithAMachineReadableErrorAndChangesNothing() {
        String id = create("eve@example.com");
        create("taken@example.com");
        String before = admin("GET", "/admin/identities/" + id, null).body();

        assertError(admin("PATCH", "/admin/identities/" + id, "{\"state\":\"deleted\"}"), 400, "invalid_state", "state");
        assertError(admin("PATCH", "/admin/identities/" + id, "{\"traits\":[1,2]}"), 400, "invalid_traits", "traits");
        assertError(admin("PATCH", "/admin/identities/" + id, "{\"email\":\"not an email\"}"), 400, "invalid_email",
                "email");
        assertError(admin("PATCH", "/admin/identities/" + id, "{\"email\":\"TAKEN@example.com\"}"), 409, "email_taken",
                "email");
        assertError(admin("PATCH", "/admin/identities/" + id, "{\"state\":"), 400, "malformed_body", null);
        assertError(admin("POST", "/admin/identities", "{\"email\":\"x@example.com\",\"password\":\"short\"}"), 400,
                "weak_password", "password");
        assertThat(admin("GET", "/admin/identities/not-a-uuid", null).status()).isEqualTo(404);
        assertThat(admin("PATCH", "/admin/identities/00000000-0000-0000-0000-000000000000", "{\"state\":\"active\"}")
                .status()).isEqualTo(404);

        assertThat(admin("GET", "/admin/identities/" + id, null).body()).isEqualTo(before);
        assertThat(admin("GET", "/admin/identities?email=x@example.com", null).body()).contains("\"identities\":[]");
    }

    @Test
    void searchesAndPagesThroughIdentities() {
        for (int i = 0; i < 7; i++) {
            create("page" + i + "@paging.example");
        }
        create("other@elsewhere.example");

        List<String> seen = new ArrayList<>();
        String page = null;
        int pages = 0;
        do {
            Response r = admin("GET", "/admin/identities?email=paging.example&page_size=3"
                    + (page == null ? "" : "&page=" + page), null);
            assertThat(r.status()).isEqualTo(200);
            JsonNode body = Json.read(r.body());
            body.get("identities").forEach(i -> seen.add(i.get("email").asString()));
            page = body.has("next_page") && !body.get("next_page").isNull() ? body.get("next_page").asString() : null;
            pages++;
        } while (page != null);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactly("page0@paging.example", "page1@paging.example", "page2@paging.example",
                "page3@paging.example", "page4@paging.example", "page5@paging.example", "page6@paging.example");
        assertThat(admin("GET", "/admin/identities?page_size=0", null).status()).isEqualTo(400);
        assertThat(admin("GET", "/admin/identities?page=garbage", null).status()).isEqualTo(400);
        assertThat(admin("GET", "/admin/identities?state=gone", null).status()).isEqualTo(400);
    }

    @Test
    void listsAndRevokesAnIdentitysSessions() {
        String id = create("sam@example.com");
        String first = server.signIn("sam@example.com", "a long passphrase");
        String second = server.signIn("sam@example.com", "a long passphrase");

        JsonNode sessions = Json.read(admin("GET", "/admin/identities/" + id + "/sessions", null).body()).get("sessions");
        assertThat(sessions).hasSize(2);
        String oneId = sessions.get(0).get("id").asString();

        assertThat(admin("DELETE", "/admin/sessions/" + oneId, null).status()).isEqualTo(204);
        assertThat(admin("DELETE", "/admin/sessions/" + oneId, null).status()).isEqualTo(404);
        int stillLive = (server.get("/sessions/whoami", first).status() == 200 ? 1 : 0)
                + (server.get("/sessions/whoami", second).status() == 200 ? 1 : 0);
        assertThat(stillLive).isEqualTo(1);

        assertThat(admin("DELETE", "/admin/identities/" + id + "/sessions", null).status()).isEqualTo(204);
        assertThat(server.get("/sessions/whoami", first).status()).isEqualTo(401);
        assertThat(server.get("/sessions/whoami", second).status()).isEqualTo(401);
    }

    static void assertError(Response r, int status, String error, String field) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        JsonNode body = Json.read(r.body());
        assertThat(body.get("error").asString()).isEqualTo(error);
        if (field != null) {
            assertThat(body.get("field").asString()).isEqualTo(field);
        }
        assertThat(body.get("message").asString()).isNotBlank();
    }
}
