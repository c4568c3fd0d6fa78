package io.cardea.testing.load;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * One identity's tokens from the authorization code flow. Its access token is used for userinfo;
 * shortly before it ends, it is refreshed. One virtual user at a time uses a grant: refresh tokens
 * rotate (a replaced one presented again would revoke the whole grant), and a refresh replaces the
 * access token, so a userinfo call still carrying the old one would rightly be refused.
 */
final class UserGrant {

    /** Refreshed this long before it ends, so no request carries a token that expires on the way. */
    static final Duration REFRESH_AHEAD = Duration.ofSeconds(30);

    private final String subject;
    private final HeldCredentials.Token first;
    private HeldCredentials.Token access;
    private String refreshToken;

    UserGrant(String subject, Map<String, Object> tokenAnswer) {
        this.subject = subject;
        this.first = accessToken(tokenAnswer);
        this.access = first;
        this.refreshToken = (String) tokenAnswer.get("refresh_token");
    }

    /** The access token the grant began with (issued before the load). */
    HeldCredentials.Token first() {
        return first;
    }

    /** Calls userinfo with the grant's access token, refreshed first when it nears its end. */
    synchronized void userinfo(LoadHttp http, LoadSettings.Client client) {
        if (!access.liveFor(REFRESH_AHEAD) && !refresh(http, client)) {
            return;
        }
        http.send(RequestKind.USERINFO, http.get("/userinfo").header("Authorization", "Bearer " + access.value()), 200,
                a -> subject.equals(a.json().get("sub")) ? null : "userinfo names another subject");
    }

    private boolean refresh(LoadHttp http, LoadSettings.Client client) {
        var answer = http.send(RequestKind.REFRESH, LoadHttp.basic(http.postForm("/oauth2/token", Map.of(
                "grant_type", "refresh_token", "refresh_token", refreshToken)), client), 200,
                a -> a.json().get("access_token") instanceof String ? null : "no access_token in the answer");
        if (answer.isEmpty()) {
            return false;
        }
        Map<String, Object> tokens = answer.get().json();
        access = accessToken(tokens);
        refreshToken = (String) tokens.get("refresh_token");
        return true;
    }

    static HeldCredentials.Token accessToken(Map<String, Object> tokenAnswer) {
        long expiresIn = ((Number) tokenAnswer.getOrDefault("expires_in", 0)).longValue();
        return new HeldCredentials.Token((String) tokenAnswer.get("access_token"),
                Instant.now().plusSeconds(expiresIn));
    }
}
