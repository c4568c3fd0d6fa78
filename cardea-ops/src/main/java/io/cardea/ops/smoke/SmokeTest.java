package io.cardea.ops.smoke;

import io.cardea.ops.smoke.CheckResult.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The smoke test: what an upgrade checks on a new release's instances before any user reaches them,
 * and what {@code cardea smoke} runs on its own. Each check is one thing a user or an app does;
 * a check that needs what an earlier one failed to get is skipped, and a skipped check fails the test.
 * Everything it does is read-only, except the probe's own session, opened and ended.
 */
public final class SmokeTest {

    /** The checks, in the order they run. */
    public static final List<String> CHECKS = List.of("ready", "discovery", "sign-in", "whoami", "sign-out", "token",
            "token-signature", "introspection", "admin-api");

    private static final String SESSION_COOKIE = "cardea_session";

    private final SmokeTarget target;
    private final SmokeHttp http;
    private final List<CheckResult> results = new ArrayList<>();

    private SmokeTest(SmokeTarget target) {
        this.target = target;
        this.http = new SmokeHttp(target.url(), target.timeout());
    }

    public static SmokeResult run(SmokeTarget target) {
        SmokeTest test = new SmokeTest(target);
        try (test.http) {
            return test.run();
        }
    }

    private SmokeResult run() {
        check("ready", () -> http.get("/health/ready").expect(200));
        Optional<String> jwksUri = check("discovery", this::discovery);
        Optional<String> session = check("sign-in", this::signIn);
        after(session, "sign-in", "whoami", this::whoami);
        after(session, "sign-in", "sign-out", this::signOut);
        Optional<String> token = check("token", this::clientCredentialsToken);
        if (jwksUri.isPresent()) {
            after(token, "token", "token-signature", t -> verify(t, jwksUri.get()));
        } else {
            skip("token-signature", "discovery");
        }
        after(token, "token", "introspection", this::introspect);
        check("admin-api", this::adminApi);
        return new SmokeResult(results);
    }

    /** The discovery document names this issuer and endpoints under it; answers the JWKS URI. */
    private String discovery() throws CheckFailed {
        JsonNode doc = http.get("/.well-known/openid-configuration").expect(200).json();
        String issuer = text(doc, "issuer");
        if (!target.issuer().toString().equals(issuer)) {
            throw new CheckFailed("the issuer is " + issuer + ", expected " + target.issuer()
                    + " (set CARDEA_OAUTH2_ISSUER, or give the public URL as --issuer)");
        }
        for (String endpoint : List.of("jwks_uri", "token_endpoint", "introspection_endpoint", "userinfo_endpoint")) {
            if (!text(doc, endpoint).startsWith(issuer + "/")) {
                throw new CheckFailed(endpoint + " " + text(doc, endpoint) + " is not under the issuer " + issuer);
            }
        }
        return text(doc, "jwks_uri");
    }

    /** Signs in with the JSON API; answers the session token of the cookie. */
    private String signIn() throws CheckFailed {
        var probe = need(target.identity(), "no probe identity given");
        String credentials = SmokeHttp.JSON.createObjectNode().put("email", probe.email())
                .put("password", probe.password()).toString();
        var answer = http.postJson("/self-service/login", credentials).expect(200);
        return answer.setCookies().stream().filter(c -> c.startsWith(SESSION_COOKIE + "="))
                .map(c -> c.substring(SESSION_COOKIE.length() + 1).split(";", 2)[0]).filter(v -> !v.isEmpty())
                .findFirst().orElseThrow(() -> new CheckFailed("signed in, but no " + SESSION_COOKIE + " cookie"));
    }

    private void whoami(String session) throws CheckFailed {
        JsonNode who = http.get("/sessions/whoami", cookie(session)).expect(200).json();
        String email = who.path("identity").path("email").asString("");
        if (!email.equalsIgnoreCase(target.identity().email())) {
            throw new CheckFailed("the session is " + email + "'s, expected the probe " + target.identity().email());
        }
    }

    /** Signs out, and the session is gone: the probe leaves no session behind. */
    private void signOut(String session) throws CheckFailed {
        http.postJson("/self-service/logout", "{}", cookie(session)).expect(204);
        var after = http.get("/sessions/whoami", cookie(session));
        if (after.status() != 401) {
            throw new CheckFailed("after sign-out the session still answers: " + after.describe());
        }
    }

    private String clientCredentialsToken() throws CheckFailed {
        var client = need(target.client(), "no probe client given");
        JsonNode answer = http.postForm("/oauth2/token", Map.of("grant_type", "client_credentials"),
                SmokeHttp.basic(client.clientId(), client.secret())).expect(200).json();
        String token = answer.path("access_token").asString("");
        if (token.isEmpty()) {
            throw new CheckFailed("the token answer has no access_token");
        }
        return token;
    }

    private void verify(String token, String jwksUri) throws CheckFailed {
        String jwks = http.get(jwksUri).expect(200).body();
        AccessTokenCheck.verify(token, jwks, jwksUri, target.issuer().toString(), target.client().clientId());
    }

    private void introspect(String token) throws CheckFailed {
        var client = target.client();
        JsonNode answer = http.postForm("/oauth2/introspect", Map.of("token", token),
                SmokeHttp.basic(client.clientId(), client.secret())).expect(200).json();
        if (!answer.path("active").asBoolean(false)) {
            throw new CheckFailed("the token just issued introspects as inactive");
        }
        if (!client.clientId().equals(answer.path("client_id").asString(""))) {
            throw new CheckFailed("the token introspects as " + answer.path("client_id").asString("") + "'s");
        }
    }

    /** A read of the admin API, with the admin token. */
    private JsonNode adminApi() throws CheckFailed {
        String token = need(target.adminToken(), "no admin token given");
        JsonNode page = http.get("/admin/identities?page_size=1", SmokeHttp.bearer(token)).expect(200).json();
        if (!page.path("identities").isArray()) {
            throw new CheckFailed("the identities list has no identities array");
        }
        return page;
    }

    private interface Check<T> {
        T run() throws CheckFailed;
    }

    private interface Step<T> {
        void run(T input) throws CheckFailed;
    }

    private <T> Optional<T> check(String name, Check<T> check) {
        long start = System.nanoTime();
        try {
            T value = check.run();
            results.add(new CheckResult(name, Outcome.PASSED, since(start), null));
            return Optional.ofNullable(value);
        } catch (CheckFailed e) {
            results.add(new CheckResult(name, Outcome.FAILED, since(start), e.getMessage()));
            return Optional.empty();
        }
    }

    /** Runs {@code step} with what {@code needed} got, or skips it when that check failed. */
    private <T> void after(Optional<T> input, String needed, String name, Step<T> step) {
        if (input.isEmpty()) {
            skip(name, needed);
            return;
        }
        check(name, () -> {
            step.run(input.get());
            return null;
        });
    }

    private void skip(String name, String needed) {
        results.add(new CheckResult(name, Outcome.SKIPPED, Duration.ZERO, "not run: " + needed + " failed"));
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static <T> T need(T credential, String missing) throws CheckFailed {
        if (credential == null) {
            throw new CheckFailed(missing);
        }
        return credential;
    }

    private static String[] cookie(String session) {
        return new String[] {"Cookie", SESSION_COOKIE + "=" + session};
    }

    private static String text(JsonNode doc, String field) throws CheckFailed {
        if (!doc.path(field).isString()) {
            throw new CheckFailed("the discovery document has no " + field);
        }
        return doc.get(field).asString();
    }
}
