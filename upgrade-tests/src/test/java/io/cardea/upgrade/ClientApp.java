package io.cardea.upgrade;

import static io.cardea.upgrade.Answers.json;
import static io.cardea.upgrade.Answers.required;

import io.cardea.upgrade.ReleaseCrossing.Client;
import io.cardea.upgrade.ReleaseCrossing.Instance;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The test's confidential client app at an instance's token, introspection and revocation endpoints. */
final class ClientApp {

    /** What the app asks for: openid for the ID token, email for a consent to remember. */
    static final String SCOPE = "openid email";

    /** What the code flow answers (no ID token after a refresh). */
    record Tokens(String access, String refresh, String id) {
        @Override
        public String toString() {
            return "Tokens[...]";
        }
    }

    private final Client client;

    ClientApp(Client client) {
        this.client = client;
    }

    Client client() {
        return client;
    }

    /** The authorization request a browser is sent to. */
    String authorizationRequest(String state) {
        return "/oauth2/authorize?response_type=code&client_id=" + encode(client.id()) + "&redirect_uri="
                + encode(client.redirectUri()) + "&scope=" + encode(SCOPE) + "&state=" + encode(state);
    }

    Tokens redeem(Instance at, String code) throws Broken, IOException, InterruptedException {
        String request = "POST /oauth2/token (authorization_code) on " + at.release();
        var answer = json(token(at, Map.of("grant_type", "authorization_code", "code", code, "redirect_uri",
                client.redirectUri())), 200, request);
        return new Tokens(required(answer, "access_token", request), required(answer, "refresh_token", request),
                required(answer, "id_token", request));
    }

    HttpResponse<String> refreshing(Instance at, String refreshToken) throws IOException, InterruptedException {
        return token(at, Map.of("grant_type", "refresh_token", "refresh_token", refreshToken));
    }

    Tokens refresh(Instance at, String refreshToken, String which) throws Broken, IOException, InterruptedException {
        String request = "POST /oauth2/token (refresh_token, " + which + ") on " + at.release();
        var answer = json(refreshing(at, refreshToken), 200, request);
        return new Tokens(required(answer, "access_token", request), required(answer, "refresh_token", request), null);
    }

    String clientCredentials(Instance at) throws Broken, IOException, InterruptedException {
        String request = "POST /oauth2/token (client_credentials) on " + at.release();
        return required(json(token(at, Map.of("grant_type", "client_credentials")), 200, request), "access_token",
                request);
    }

    Map<String, Object> introspect(Instance at, String token, String which)
            throws Broken, IOException, InterruptedException {
        return json(new Http(at.url()).postForm("/oauth2/introspect", Map.of("token", token), basic()), 200,
                "POST /oauth2/introspect (" + which + ") on " + at.release());
    }

    void revoke(Instance at, String token, String which) throws Broken, IOException, InterruptedException {
        Answers.expect(new Http(at.url()).postForm("/oauth2/revoke", Map.of("token", token, "token_type_hint",
                "access_token"), basic()), 200, "POST /oauth2/revoke (" + which + ") on " + at.release());
    }

    private HttpResponse<String> token(Instance at, Map<String, String> form) throws IOException, InterruptedException {
        return new Http(at.url()).postForm("/oauth2/token", form, basic());
    }

    private String[] basic() {
        return new String[] {"Authorization", Http.basic(client.id(), client.secret())};
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
