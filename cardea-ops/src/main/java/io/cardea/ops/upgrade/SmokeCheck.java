package io.cardea.ops.upgrade;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A new instance tried directly, before any user reaches it: ready, OpenID discovery, a JWKS with
 * keys, and the admin API answering its token. The full smoke test (sign-in with a probe identity,
 * a token verified through the JWKS) is {@code cardea smoke}'s, run from the target release.
 */
final class SmokeCheck {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private SmokeCheck() {}

    /** What failed, or empty when the instance passed. */
    static Optional<String> check(URI instance, String adminToken) throws InterruptedException {
        try {
            HttpResponse<String> ready = get(instance, "/health/ready", null);
            if (ready.statusCode() != 200) {
                return Optional.of("GET /health/ready answered " + ready.statusCode());
            }
            HttpResponse<String> discovery = get(instance, "/.well-known/openid-configuration", null);
            if (discovery.statusCode() != 200 || !json(discovery).path("jwks_uri").isString()) {
                return Optional.of("GET /.well-known/openid-configuration answered " + discovery.statusCode()
                        + " without a jwks_uri");
            }
            HttpResponse<String> jwks = get(instance, "/oauth2/jwks", null);
            if (jwks.statusCode() != 200 || json(jwks).path("keys").isEmpty()) {
                return Optional.of("GET /oauth2/jwks answered " + jwks.statusCode() + " without signing keys");
            }
            HttpResponse<String> admin = get(instance, "/admin/identities", adminToken);
            if (admin.statusCode() != 200) {
                return Optional.of("GET /admin/identities with the deployment's admin token answered "
                        + admin.statusCode());
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("could not talk to " + instance + ": " + e.getMessage());
        }
    }

    private static HttpResponse<String> get(URI instance, String path, String bearer)
            throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(instance.resolve(path)).timeout(Duration.ofSeconds(20));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (JacksonException e) {
            return JSON.missingNode();
        }
    }
}
