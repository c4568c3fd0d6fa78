package io.cardea.testing.load;

import com.nimbusds.jose.jwk.JWKSet;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

/** One of the load's fixed number of users: an action of the mix, a pause, and again, until told to stop. */
final class VirtualUser implements Runnable {

    /** The mix, by weight: reads of what exists outweigh what creates (a sign-in costs an Argon2id hash). */
    private static final List<RequestKind> MIX = List.of(RequestKind.SIGN_IN, RequestKind.WHOAMI, RequestKind.WHOAMI,
            RequestKind.WHOAMI, RequestKind.CLIENT_CREDENTIALS, RequestKind.CLIENT_CREDENTIALS,
            RequestKind.INTROSPECTION, RequestKind.INTROSPECTION, RequestKind.INTROSPECTION, RequestKind.USERINFO,
            RequestKind.USERINFO, RequestKind.USERINFO, RequestKind.JWKS, RequestKind.JWKS);

    /** A token used for introspection must outlive the request by this much. */
    private static final Duration INTROSPECTION_MARGIN = Duration.ofSeconds(15);

    private final LoadHttp http;
    private final LoadSettings settings;
    private final HeldCredentials held;
    private final BooleanSupplier running;

    VirtualUser(LoadHttp http, LoadSettings settings, HeldCredentials held, BooleanSupplier running) {
        this.http = http;
        this.settings = settings;
        this.held = held;
        this.running = running;
    }

    @Override
    public void run() {
        while (running.getAsBoolean()) {
            switch (MIX.get(ThreadLocalRandom.current().nextInt(MIX.size()))) {
                case SIGN_IN -> signInAndWhoami();
                case WHOAMI -> whoami(held.any(held.sessions));
                case CLIENT_CREDENTIALS -> clientCredentials();
                case INTROSPECTION -> introspect();
                case USERINFO -> held.any(held.grants).userinfo(http, settings.client());
                default -> jwks();
            }
            try {
                Thread.sleep(settings.pause());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void signInAndWhoami() {
        var identity = held.any(settings.identities());
        signIn(http, identity).ifPresent(token -> whoami(new HeldCredentials.Session(identity.email(), token)));
    }

    /** Signs in with the JSON API; answers the new session's token. */
    static java.util.Optional<String> signIn(LoadHttp http, LoadSettings.Identity identity) {
        return http.send(RequestKind.SIGN_IN, http.postJson("/self-service/login", Map.of("email", identity.email(),
                "password", identity.password())), 200, a -> sessionToken(a) == null ? "no session cookie" : null)
                .map(VirtualUser::sessionToken);
    }

    private void whoami(HeldCredentials.Session session) {
        http.send(RequestKind.WHOAMI, LoadHttp.session(http.get("/sessions/whoami"), session.token()), 200, a -> {
            Object identity = a.json().get("identity");
            return identity instanceof Map<?, ?> m && session.email().equalsIgnoreCase(String.valueOf(m.get("email")))
                    ? null : "the session is not " + session.email() + "'s";
        });
    }

    private HeldCredentials.Token clientCredentials() {
        return clientCredentials(http, settings.client()).map(token -> {
            held.issued(token);
            return token;
        }).orElse(null);
    }

    static java.util.Optional<HeldCredentials.Token> clientCredentials(LoadHttp http, LoadSettings.Client client) {
        return http.send(RequestKind.CLIENT_CREDENTIALS, LoadHttp.basic(http.postForm("/oauth2/token",
                        Map.of("grant_type", "client_credentials")), client), 200,
                a -> a.json().get("access_token") instanceof String ? null : "no access_token in the answer")
                .map(a -> UserGrant.accessToken(a.json()));
    }

    private void introspect() {
        HeldCredentials.Token token = held.liveClientToken(INTROSPECTION_MARGIN);
        if (token == null) {
            token = clientCredentials();
        }
        if (token != null) {
            http.send(RequestKind.INTROSPECTION, LoadHttp.basic(http.postForm("/oauth2/introspect",
                    Map.of("token", token.value())), settings.client()), 200,
                    a -> Boolean.TRUE.equals(a.json().get("active")) ? null : "a live token introspects as inactive");
        }
    }


    /**
     * Fetches the JWKS fresh and checks that every unexpired token issued before the load still
     * verifies against it (a key is published until the tokens it signed have expired, no longer).
     */
    private void jwks() {
        http.send(RequestKind.JWKS, http.get("/oauth2/jwks"), 200, a -> {
            JWKSet keys;
            try {
                keys = JWKSet.parse(a.body());
            } catch (ParseException e) {
                return "not a JWK set";
            }
            for (HeldCredentials.Token token : held.earlier) {
                if (!token.liveFor(Duration.ZERO)) {
                    continue;
                }
                String problem = TokenSignature.problem(token.value(), keys);
                if (problem != null) {
                    return "a token issued before the load does not verify: " + problem;
                }
            }
            return null;
        });
    }

    /** The value of the {@code cardea_session} cookie an answer sets, or null. */
    static String sessionToken(LoadHttp.Answer answer) {
        return answer.setCookies().stream().filter(c -> c.startsWith("cardea_session="))
                .map(c -> c.substring("cardea_session=".length()).split(";", 2)[0]).filter(v -> !v.isEmpty())
                .findFirst().orElse(null);
    }
}
