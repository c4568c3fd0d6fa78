package io.cardea.server.admin;

import static io.cardea.server.admin.AdminApiTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import io.cardea.server.Json;
import io.cardea.server.TestServer;
import io.cardea.server.TestServer.Response;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * {@code /admin/clients}: OAuth2 clients registered, changed, deleted and given new secrets by the
 * operator; and a client's own admin-scoped token (Nimbus as the client) opening the admin API.
 */
@ExtendWith(PostgresExtension.class)
class AdminClientsTest {

    private static final String TOKEN = "admin-token-for-client-tests-0123";

    @AutoClose
    static TestServer server;
    static JdbcClient sql;

    @BeforeAll
    static void start(TestDatabase db) {
        TestServer.migrate(db);
        server = TestServer.start(db, Map.of("cardea.admin.tokens", TOKEN));
        sql = JdbcClient.create(db.dataSource());
    }

    private static Response admin(String method, String path, String body) {
        return server.call(method, path, TOKEN, body);
    }

    private static JsonNode created(String body) {
        Response r = admin("POST", "/admin/clients", body);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return Json.read(r.body());
    }

    /** The answer to a client_credentials token request with this secret (and scope, when not null). */
    private static HTTPResponse token(String clientId, String secret, String scope) throws Exception {
        return new TokenRequest(URI.create(server.url("/oauth2/token")),
                new ClientSecretBasic(new ClientID(clientId), new Secret(secret)), new ClientCredentialsGrant(),
                scope == null ? null : new Scope(scope)).toHTTPRequest().send();
    }

    private static int tokenStatus(String clientId, String secret) throws Exception {
        return token(clientId, secret, null).getStatusCode();
    }

    /** Registers a client_credentials client with these scopes and gets a token for {@code scope}. */
    private static String clientToken(String clientId, String scopes, String scope) throws Exception {
        String secret = created("{\"client_id\":\"" + clientId + "\",\"name\":\"Ops robot\","
                + "\"grant_types\":[\"client_credentials\"],\"scopes\":[" + scopes + "]}").get("client_secret").asString();
        return freshToken(clientId, secret, scope);
    }

    private static String freshToken(String clientId, String secret, String scope) throws Exception {
        HTTPResponse answer = token(clientId, secret, scope);
        assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(200);
        return Json.read(answer.getBody()).get("access_token").asString();
    }

    private static int adminStatus(String bearer) {
        return server.call("GET", "/admin/identities", bearer, null).status();
    }

    @Test
    void registersAConfidentialClientWhoseSecretIsShownOnceAndStoredHashed() throws Exception {
        JsonNode client = created("{\"client_id\":\"billing\",\"name\":\"Billing\","
                + "\"redirect_uris\":[\"https://billing.example.com/callback\"]}");

        String secret = client.get("client_secret").asString();
        assertThat(secret).matches("[A-Za-z0-9_-]{43}"); // 256 random bits
        assertThat(client.get("type").asString()).isEqualTo("confidential");
        assertThat(client.get("grant_types").toString())
                .isEqualTo("[\"authorization_code\",\"client_credentials\",\"refresh_token\"]");
        assertThat(client.get("require_pkce").asBoolean()).isFalse();
        assertThat(tokenStatus("billing", secret)).isEqualTo(200);

        Response read = admin("GET", "/admin/clients/billing", null);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body()).doesNotContain("client_secret").doesNotContain(secret);
        assertThat(admin("GET", "/admin/clients?page_size=500", null).body()).doesNotContain(secret);
        assertThat(sql.sql("SELECT client_secret FROM oauth2_registered_client WHERE client_id = 'billing'")
                .query(String.class).single()).startsWith("{sha256}").doesNotContain(secret);
    }

    @Test
    void aPublicClientHasNoSecretAndMustUsePkce() {
        JsonNode spa = created("{\"name\":\"Shop front\",\"type\":\"public\","
                + "\"redirect_uris\":[\"http://127.0.0.1:3000/callback\",\"http://[::1]:3000/callback\"]}");

        assertThat(spa.has("client_secret")).isFalse();
        assertThat(spa.get("client_id").asString()).isNotBlank(); // generated
        assertThat(spa.get("require_pkce").asBoolean()).isTrue();
        assertThat(spa.get("grant_types").toString()).isEqualTo("[\"authorization_code\"]");
        assertError(admin("POST", "/admin/clients/" + spa.get("client_id").asString() + "/secret", null), 400,
                "public_client", null);
    }

    @Test
    void changesWhatAnOperatorMayChangeAndDeletesWithEverythingIssued() {
        created("{\"client_id\":\"crm\",\"name\":\"CRM\",\"redirect_uris\":[\"https://crm.example.com/cb\"]}");

        Response patched = admin("PATCH", "/admin/clients/crm", "{\"name\":\"CRM 2\",\"redirect_uris\":"
                + "[\"https://crm.example.com/cb2\"],\"scopes\":[\"openid\",\"email\"],\"grant_types\":"
                + "[\"authorization_code\",\"refresh_token\"],\"require_pkce\":true}");

        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        JsonNode read = Json.read(admin("GET", "/admin/clients/crm", null).body());
        assertThat(read.get("name").asString()).isEqualTo("CRM 2");
        assertThat(read.get("redirect_uris").toString()).isEqualTo("[\"https://crm.example.com/cb2\"]");
        assertThat(read.get("scopes").toString()).isEqualTo("[\"email\",\"openid\"]");
        assertThat(read.get("grant_types").toString()).isEqualTo("[\"authorization_code\",\"refresh_token\"]");
        assertThat(read.get("require_pkce").asBoolean()).isTrue();

        assertThat(admin("DELETE", "/admin/clients/crm", null).status()).isEqualTo(204);
        assertThat(admin("GET", "/admin/clients/crm", null).status()).isEqualTo(404);
        assertThat(admin("DELETE", "/admin/clients/crm", null).status()).isEqualTo(404);
        assertThat(admin("PATCH", "/admin/clients/crm", "{\"name\":\"x\"}").status()).isEqualTo(404);
        assertThat(sql.sql("SELECT count(*) FROM oauth2_registered_client WHERE client_id = 'crm'").query(Long.class)
                .single()).isZero();
    }

    @Test
    void aRotatedSecretReplacesTheOldOneAtOnce() throws Exception {
        String old = created("{\"client_id\":\"reports\",\"name\":\"Reports\",\"grant_types\":[\"client_credentials\"]}")
                .get("client_secret").asString();

        Response rotated = admin("POST", "/admin/clients/reports/secret", null);

        assertThat(rotated.status()).isEqualTo(200);
        String fresh = Json.read(rotated.body()).get("client_secret").asString();
        assertThat(fresh).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(old);
        assertThat(tokenStatus("reports", old)).isEqualTo(401);
        assertThat(tokenStatus("reports", fresh)).isEqualTo(200);
        assertThat(admin("POST", "/admin/clients/nobody/secret", null).status()).isEqualTo(404);
    }

    @Test
    void pagesThroughClientsOldestFirst() {
        for (int i = 0; i < 5; i++) {
            created("{\"client_id\":\"paged-" + i + "\",\"name\":\"Paged\",\"grant_types\":[\"client_credentials\"]}");
        }
        List<String> seen = new ArrayList<>();
        String page = null;
        do {
            Response r = admin("GET", "/admin/clients?page_size=2" + (page == null ? "" : "&page=" + page), null);
            assertThat(r.status()).isEqualTo(200);
            JsonNode body = Json.read(r.body());
            body.get("clients").forEach(c -> seen.add(c.get("client_id").asString()));
            page = body.has("next_page") ? body.get("next_page").asString() : null;
        } while (page != null);

        assertThat(seen.stream().filter(id -> id.startsWith("paged-")))
                .containsExactly("paged-0", "paged-1", "paged-2", "paged-3", "paged-4");
        assertError(admin("GET", "/admin/clients?page_size=501", null), 400, "invalid_page_size", "page_size");
        assertError(admin("GET", "/admin/clients?page=garbage", null), 400, "invalid_page", "page");
    }

    @Test
    void aClientTokenWithTheAdminScopeCallsTheAdminApi() throws Exception {
        String token = clientToken("ops-robot", "\"cardea:admin\"", "cardea:admin");

        assertThat(adminStatus(token)).isEqualTo(200);
        Response made = server.call("POST", "/admin/identities", token,
                "{\"email\":\"robot-made@example.com\",\"password\":\"a long passphrase\"}");
        assertThat(made.status()).as(made.body()).isEqualTo(201);
    }

    @Test
    void aClientTokenWithoutTheAdminScopeIsForbidden() throws Exception {
        Response forbidden = server.call("GET", "/admin/identities", clientToken("reader", "\"email\",\"cardea:admin\"",
                "email"), null);

        assertError(forbidden, 403, "insufficient_scope", null);
        // A client registered without the scope cannot ask for it.
        String secret = created("{\"client_id\":\"plain\",\"name\":\"Plain\",\"grant_types\":[\"client_credentials\"],"
                + "\"scopes\":[\"email\"]}").get("client_secret").asString();
        assertThat(token("plain", secret, "cardea:admin").getStatusCode()).isEqualTo(400);
    }

    @Test
    void aRevokedExpiredOrForgedClientTokenIsUnauthorized() throws Exception {
        String secret = created("{\"client_id\":\"revoking-robot\",\"name\":\"Robot\",\"grant_types\":"
                + "[\"client_credentials\"],\"scopes\":[\"cardea:admin\"]}").get("client_secret").asString();
        String revoked = freshToken("revoking-robot", secret, "cardea:admin");
        assertThat(adminStatus(revoked)).isEqualTo(200);
        assertThat(new TokenRevocationRequest(URI.create(server.url("/oauth2/revoke")), new ClientSecretBasic(
                new ClientID("revoking-robot"), new Secret(secret)), new BearerAccessToken(revoked)).toHTTPRequest()
                .send().getStatusCode()).isEqualTo(200);
        assertThat(adminStatus(revoked)).isEqualTo(401);

        String expired = freshToken("revoking-robot", secret, "cardea:admin");
        // client_credentials tokens are kept by their SHA-256 in oauth2_access_token.
        assertThat(sql.sql("UPDATE oauth2_access_token SET issued_at = now() - interval '10 minutes', "
                + "expires_at = now() - interval '5 minutes' WHERE token_hash = sha256(convert_to(?, 'UTF8'))")
                .param(expired).update()).isEqualTo(1);
        assertThat(adminStatus(expired)).isEqualTo(401);

        String live = freshToken("revoking-robot", secret, "cardea:admin");
        int signature = live.lastIndexOf('.') + 1;
        String forged = live.substring(0, signature) + "AAAA" + live.substring(signature + 4);
        assertError(server.call("GET", "/admin/identities", forged, null), 401, "unauthorized", null);

        // Deleting the client deletes what it was issued: its live token stops working at once.
        assertThat(adminStatus(live)).isEqualTo(200);
        assertThat(admin("DELETE", "/admin/clients/revoking-robot", null).status()).isEqualTo(204);
        assertThat(adminStatus(live)).isEqualTo(401);
    }

    @Test
    void badInputIsRefusedWithTheFieldAtFaultAndChangesNothing() {
        created("{\"client_id\":\"steady\",\"name\":\"Steady\",\"redirect_uris\":[\"https://steady.example.com/cb\"]}");
        String before = admin("GET", "/admin/clients/steady", null).body();
        long clients = count();

        String uris = "\"redirect_uris\":[\"https://ok.example.com/cb\"]";
        assertError(admin("POST", "/admin/clients", "{\"name\":\"x\",\"redirect_uris\":[\"http://app.example.com/cb\"]}"),
                400, "invalid_redirect_uris", "redirect_uris");
        assertError(admin("POST", "/admin/clients", "{\"name\":\"x\",\"redirect_uris\":[\"https://app.example.com/cb#x\"]}"),
                400, "invalid_redirect_uris", "redirect_uris");
        assertError(admin("POST", "/admin/clients", "{\"name\":\"x\",\"redirect_uris\":[\"/relative\"]}"),
                400, "invalid_redirect_uris", "redirect_uris");
        assertError(admin("POST", "/admin/clients", "{\"name\":\"x\",\"redirect_uris\":[\"https://a b\"]}"),
                400, "invalid_redirect_uris", "redirect_uris");
        assertError(admin("POST", "/admin/clients", "{\"name\":\"x\"," + uris
                + ",\"post_logout_redirect_uris\":[\"javascript:alert(1)\"]}"), 400, "invalid_post_logout_redirect_uris",
                "post_logout_redirect_uris");
        assertError(admin("POST", "/admin/clients", "{\"name\":\"x\"}"), 400, "invalid_redirect_uris", "redirect_uris");
        assertError(admin("POST", "/admin/clients", "{\"name\":\"x\"," + uris + ",\"grant_types\":[\"password\"]}"),
                400, "invalid_grant_types", "grant_types");
        assertError(admin("POST", "/admin/clients", "{\"name\":\"x\"," + uris + ",\"grant_types\":[]}"),
                400, "invalid_grant_types", "grant_types");
        assertError(admin("POST", "/admin/clients", "{\"name\":\"x\",\"type\":\"public\"," + uris
                + ",\"grant_types\":[\"authorization_code\",\"client_credentials\"]}"), 400, "invalid_grant_types",
                "grant_types");
        assertError(admin("POST", "/admin/clients", "{\"name\":\"x\",\"type\":\"public\"," + uris
                + ",\"require_pkce\":false}"), 400, "invalid_require_pkce", "require_pkce");
        assertError(admin("POST", "/admin/clients", "{\"name\":\"x\"," + uris + ",\"scopes\":[\"two words\"]}"),
                400, "invalid_scopes", "scopes");
        assertError(admin("POST", "/admin/clients", "{\"name\":\"x\",\"type\":\"public\"," + uris
                + ",\"scopes\":[\"cardea:admin\"]}"), 400, "invalid_scopes", "scopes");
        assertError(admin("POST", "/admin/clients", "{\"name\":\" \"," + uris + "}"), 400, "invalid_name", "name");
        assertError(admin("POST", "/admin/clients", "{\"name\":\"x\",\"type\":\"robot\"," + uris + "}"), 400,
                "invalid_type", "type");
        assertError(admin("POST", "/admin/clients", "{\"client_id\":\"a/b\",\"name\":\"x\"," + uris + "}"), 400,
                "invalid_client_id", "client_id");
        assertError(admin("POST", "/admin/clients", "{\"client_id\":\"steady\",\"name\":\"x\"," + uris + "}"), 409,
                "client_id_taken", "client_id");
        assertError(admin("POST", "/admin/clients", "{\"name\":"), 400, "malformed_body", null);
        assertError(admin("POST", "/admin/clients", "{\"name\":\"" + "x".repeat(70_000) + "\"}"), 413,
                "body_too_large", null);
        assertError(admin("PATCH", "/admin/clients/steady", "{\"redirect_uris\":[\"http://evil.example/cb\"]}"), 400,
                "invalid_redirect_uris", "redirect_uris");
        assertError(admin("PATCH", "/admin/clients/steady", "{\"redirect_uris\":[]}"), 400, "invalid_redirect_uris",
                "redirect_uris");
        assertError(admin("PATCH", "/admin/clients/steady", "{\"require_pkce\":\"yes\"}"), 400, "malformed_body",
                null);
        assertThat(server.call("GET", "/admin/clients", null, null).status()).isEqualTo(401);
        assertThat(server.call("POST", "/admin/clients", "wrong", "{\"name\":\"x\"," + uris + "}").status())
                .isEqualTo(401);

        assertThat(admin("GET", "/admin/clients/steady", null).body()).isEqualTo(before);
        assertThat(count()).isEqualTo(clients);
    }

    private static long count() {
        return sql.sql("SELECT count(*) FROM oauth2_registered_client").query(Long.class).single();
    }
}
