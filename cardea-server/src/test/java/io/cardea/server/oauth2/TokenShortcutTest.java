package io.cardea.server.oauth2;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import io.cardea.server.TestServer;
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
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The client_credentials token request and the introspection answered at the front of the chain
 * ({@link TokenShortcut}): the same tokens and answers as Spring's endpoints give, and
 * every request it does not answer left to them, answered as before with nothing stored.
 */
@ExtendWith(PostgresExtension.class)
class TokenShortcutTest {

    private static final String FORM = "application/x-www-form-urlencoded";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @AutoClose
    static TestServer server;
    static JdbcClient sql;
    static Clients.Registered machine;

    @BeforeAll
    static void start(TestDatabase db) {
        TestServer.migrate(db);
        server = TestServer.start(db);
        sql = JdbcClient.create(db.dataSource());
        machine = register("machine");
    }

    /**
     * A query string sends the request to Spring's endpoint (which reads OAuth2 parameters from the
     * body only): both tokens must carry the same header and claims, verify by the JWKS, and be
     * introspected alike.
     */
    @Test
    void theTokenIsTheOneSpringsEndpointIssues() throws Exception {
        String direct = accessToken(token(basic(machine), "grant_type=client_credentials&scope=email", ""));
        String bySpring = accessToken(token(basic(machine), "grant_type=client_credentials&scope=email", "?via=spring"));

        SignedJWT a = SignedJWT.parse(direct);
        SignedJWT b = SignedJWT.parse(bySpring);
        assertThat(a.getHeader().toJSONObject()).isEqualTo(b.getHeader().toJSONObject());
        assertThat(a.getPayload().toJSONObject().keySet()).containsExactlyElementsOf(b.getPayload().toJSONObject().keySet());
        var claims = a.getJWTClaimsSet();
        for (String same : List.of("sub", "aud", "iss", "scope")) {
            assertThat(claims.getClaim(same)).as(same).isEqualTo(b.getJWTClaimsSet().getClaim(same));
        }
        assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()).isEqualTo(300_000);
        assertThat(claims.getNotBeforeTime()).isEqualTo(claims.getIssueTime());
        assertThat(claims.getJWTID()).isNotEqualTo(b.getJWTClaimsSet().getJWTID());
        JWKSet jwks = JWKSet.parse(server.get("/oauth2/jwks", null).body());
        assertThat(RelyingParty.verifies(a, jwks)).isTrue();

        Map<String, Object> directAnswer = parse(introspect(basic(machine), "token=" + direct, "").body());
        Map<String, Object> springAnswer = parse(introspect(basic(machine), "token=" + bySpring, "?via=spring").body());
        assertThat(directAnswer.keySet()).containsExactlyElementsOf(springAnswer.keySet());
        assertThat(directAnswer).containsEntry("active", true).containsEntry("scope", "email")
                .containsEntry("client_id", "machine").containsEntry("aud", List.of("machine"));
        for (String same : List.of("active", "sub", "aud", "scope", "iss", "client_id", "token_type")) {
            assertThat(directAnswer.get(same)).as(same).isEqualTo(springAnswer.get(same));
        }
        // Each path introspects the other's token too: they share one table.
        assertThat(parse(introspect(basic(machine), "token=" + bySpring, "").body())).containsEntry("active", true);
    }

    @Test
    void aClientMayAlsoSendItsSecretInTheFormAndAskForSeveralScopes() {
        var rp = new RelyingParty(server, machine.clientId(), machine.secret());
        var post = new ClientSecretPost(new ClientID(machine.clientId()), new Secret(machine.secret()));
        var response = RelyingParty.send(() -> new com.nimbusds.oauth2.sdk.TokenRequest(rp.provider().getTokenEndpointURI(),
                post, new ClientCredentialsGrant(), new Scope("email", "profile")).toHTTPRequest().send());
        AccessToken token = RelyingParty.tokens(response).getAccessToken();
        assertThat(token.getScope()).isEqualTo(new Scope("email", "profile"));
        var introspection = rp.introspect(token);
        assertThat(introspection.isActive()).isTrue();
        assertThat(introspection.getScope()).isEqualTo(new Scope("email", "profile"));

        String form = "token=" + token.getValue() + "&client_id=machine&client_secret=" + machine.secret();
        assertThat(parse(introspect(null, form, "").body())).containsEntry("active", true);
    }

    @Test
    void aTokenRequestRefusedIsAnsweredAsBeforeAndIssuesNothing() {
        String grant = "grant_type=client_credentials";
        long before = issuedTokens();

        expectError(token("Basic " + base64("machine:" + machine.secret() + "x"), grant, ""), 401, "invalid_client");
        expectError(token("Basic " + base64("nobody:" + machine.secret()), grant, ""), 401, "invalid_client");
        expectError(token(null, grant, ""), 401, "invalid_client");
        assertThat(token(null, grant, "").header("WWW-Authenticate")).isEqualTo("Basic");
        expectError(token("Basic not-base64!", grant, ""), 400, "invalid_request");
        expectError(token(basic(machine), grant + "&scope=admin", ""), 400, "invalid_scope");
        expectError(token(basic(machine), grant + "&scope=email&scope=profile", ""), 400, "invalid_request");
        var json = server.send(server.request("/oauth2/token", null).header("Authorization", basic(machine))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"grant_type\":\"client_credentials\"}")));
        expectError(json, 400, "invalid_request");

        var browserApp = server.server().part(Clients.class).register("browser-app", "Browser app",
                Clients.Kind.PUBLIC, List.of(RelyingParty.REDIRECT_URI.toString()), List.of());
        expectError(token(null, grant + "&client_id=" + browserApp.clientId(), ""), 401, "invalid_client");

        var expiring = register("expiring");
        sql.sql("UPDATE oauth2_registered_client SET client_secret_expires_at = now() - interval '1 second' "
                + "WHERE client_id = 'expiring'").update();
        expectError(token(basic(expiring), grant, ""), 401, "invalid_client");

        assertThat(issuedTokens()).as("nothing issued").isEqualTo(before);
    }

    @Test
    void anIntrospectionRefusedIsAnsweredAsBefore() {
        String token = accessToken(token(basic(machine), "grant_type=client_credentials", ""));

        expectError(introspect("Basic " + base64("machine:wrong"), "token=" + token, ""), 401, "invalid_client");
        expectError(introspect("Basic " + base64("nobody:" + machine.secret()), "token=" + token, ""), 401,
                "invalid_client");
        expectError(introspect(null, "token=" + token, ""), 401, "invalid_client");
        expectError(post("/oauth2/revoke", null, "token=" + token), 401, "invalid_client");
        expectError(introspect(basic(machine), "", ""), 400, "invalid_request");
        expectError(introspect(basic(machine), "token=" + token + "&token=" + token, ""), 400, "invalid_request");
        var json = server.send(server.request("/oauth2/introspect", null).header("Authorization", basic(machine))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"token\":\"" + token + "\"}")));
        expectError(json, 400, "invalid_request");
        // Still live after all of that.
        assertThat(parse(introspect(basic(machine), "token=" + token, "").body())).containsEntry("active", true);
    }

    @Test
    void revokedExpiredUnknownAndOrphanedTokensAreInactive() {
        var other = register("other");
        String token = accessToken(token(basic(machine), "grant_type=client_credentials", ""));
        // RFC 7662: any authenticated client may ask, not only the token's own.
        assertThat(parse(introspect(basic(other), "token=" + token, "").body())).containsEntry("active", true)
                .containsEntry("client_id", "machine");
        assertThat(parse(introspect(basic(machine), "token=" + token + "&token_type_hint=refresh_token", "").body()))
                .containsEntry("active", true);

        var rp = new RelyingParty(server, machine.clientId(), machine.secret());
        assertThat(rp.revoke(new BearerAccessToken(token)).getStatusCode()).isEqualTo(200);
        assertThat(introspect(basic(machine), "token=" + token, "").body()).isEqualTo("{\"active\":false}");

        String expired = accessToken(token(basic(machine), "grant_type=client_credentials", ""));
        sql.sql("UPDATE oauth2_access_token SET issued_at = now() - interval '6 minutes', expires_at = now() - interval '1 minute' "
                + "WHERE token_hash = sha256(convert_to(:t, 'UTF8'))").param("t", expired).update();
        assertThat(introspect(basic(machine), "token=" + expired, "").body()).isEqualTo("{\"active\":false}");

        assertThat(introspect(basic(machine), "token=not-a-token", "").body()).isEqualTo("{\"active\":false}");

        // A client removed from the database directly, its tokens' rows left behind.
        var gone = register("gone");
        String orphan = accessToken(token(basic(gone), "grant_type=client_credentials", ""));
        sql.sql("DELETE FROM oauth2_registered_client WHERE client_id = 'gone'").update();
        assertThat(introspect(basic(machine), "token=" + orphan, "").body()).isEqualTo("{\"active\":false}");

        // Deleted through the admin API's path: with what it was issued.
        var deleted = register("deleted");
        String ofDeleted = accessToken(token(basic(deleted), "grant_type=client_credentials", ""));
        assertThat(server.server().part(Clients.class).delete("deleted")).isTrue();
        assertThat(introspect(basic(machine), "token=" + ofDeleted, "").body()).isEqualTo("{\"active\":false}");
        expectError(introspect(basic(deleted), "token=" + token, ""), 401, "invalid_client");
    }

    /** RFC 7009: a client revokes its own token; anyone else's attempt changes nothing. */
    @Test
    void aClientRevokesItsOwnTokenAndNobodyElseCan() {
        var other = register("revoker");
        String token = accessToken(token(basic(machine), "grant_type=client_credentials", ""));

        post("/oauth2/revoke", basic(other), "token=" + token);
        expectError(post("/oauth2/revoke", "Basic " + base64("machine:wrong"), "token=" + token), 401, "invalid_client");
        expectError(post("/oauth2/revoke", basic(machine), "token=" + token + "&token=" + token), 400, "invalid_request");
        expectError(post("/oauth2/revoke", basic(machine), "token=" + token + "&token_type_hint=access_token"
                + "&token_type_hint=refresh_token"), 400, "invalid_request");
        assertThat(parse(introspect(basic(machine), "token=" + token, "").body())).containsEntry("active", true);

        // The hint is only a hint (RFC 7009 §2.1): a wrong one still finds the token.
        var revoked = post("/oauth2/revoke", basic(machine), "token=" + token + "&token_type_hint=refresh_token");
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.body()).isEmpty();
        assertThat(revoked.header("Cache-Control")).contains("no-store");
        assertThat(introspect(basic(machine), "token=" + token, "").body()).isEqualTo("{\"active\":false}");
        assertThat(post("/oauth2/revoke", basic(machine), "token=" + token).status()).as("again").isEqualTo(200);
        assertThat(post("/oauth2/revoke", basic(machine), "token=not-a-token").status()).isEqualTo(200);
    }

    private static void expectError(TestServer.Response response, int status, String error) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(parse(response.body())).containsEntry("error", error);
        assertThat(response.header("Cache-Control")).contains("no-store");
    }

    private static TestServer.Response token(String authorization, String form, String query) {
        return post("/oauth2/token" + query, authorization, form);
    }

    private static TestServer.Response introspect(String authorization, String form, String query) {
        return post("/oauth2/introspect" + query, authorization, form);
    }

    private static TestServer.Response post(String path, String authorization, String form) {
        var request = server.request(path, null).header("Content-Type", FORM)
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return server.send(request);
    }

    private static String accessToken(TestServer.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.header("Cache-Control")).contains("no-store");
        Map<String, Object> body = parse(response.body());
        assertThat(body).containsEntry("token_type", "Bearer").containsKey("expires_in");
        return (String) body.get("access_token");
    }

    private static long issuedTokens() {
        return sql.sql("SELECT count(*) FROM oauth2_access_token").query(Long.class).single()
                + sql.sql("SELECT count(*) FROM oauth2_authorization").query(Long.class).single();
    }

    private static Map<String, Object> parse(String json) {
        return JSON.readValue(json, new TypeReference<Map<String, Object>>() {});
    }

    private static String basic(Clients.Registered client) {
        return "Basic " + base64(client.clientId() + ":" + client.secret());
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    private static Clients.Registered register(String clientId) {
        return server.server().part(Clients.class).register(clientId, clientId, Clients.Kind.CONFIDENTIAL,
                List.of(RelyingParty.REDIRECT_URI.toString()), List.of());
    }
}
