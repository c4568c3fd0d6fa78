package io.cardea.server.session;

import io.cardea.server.keys.CookieSecret;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.ResponseCookie;

/**
 * The {@code cardea_session} cookie: the session token signed with the cookie secret
 * ({@code token.signature}), so a value Cardea did not issue is refused without a database lookup.
 * HttpOnly so page scripts cannot read it, SameSite=Lax so other sites cannot send requests with
 * it, Secure unless the server runs on plain HTTP for development.
 */
final class SessionCookie {

    static final String NAME = "cardea_session";

    private final SessionSettings settings;
    private final ObjectProvider<CookieSecret> secret;

    /**
     * @param secret fetched on use, not at construction: the security filters that read the cookie
     *     are built before the schema guard runs, and a wrong schema is reported first
     */
    SessionCookie(SessionSettings settings, ObjectProvider<CookieSecret> secret) {
        this.settings = settings;
        this.secret = secret;
    }

    /** A token a request presented with a valid signature; {@code resign} when an older secret value made it. */
    record Presented(SessionToken token, boolean resign) {}

    Optional<Presented> presented(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        for (Cookie c : cookies) {
            if (c.getName().equals(NAME) && !c.getValue().isEmpty()) {
                return secret.getObject().verify(NAME, c.getValue())
                        .map(v -> new Presented(new SessionToken(v.value()), !v.underCurrentValue()));
            }
        }
        return Optional.empty();
    }

    Optional<SessionToken> read(HttpServletRequest request) {
        return presented(request).map(Presented::token);
    }

    String set(SessionToken token) {
        return set(token, settings.lifetime());
    }

    String set(SessionToken token, Duration maxAge) {
        return base(secret.getObject().sign(NAME, token.value())).maxAge(maxAge).build().toString();
    }

    String clear() {
        return base("").maxAge(0).build().toString();
    }

    private ResponseCookie.ResponseCookieBuilder base(String value) {
        return ResponseCookie.from(NAME, value).path("/").httpOnly(true).secure(settings.secureCookie())
                .sameSite("Lax");
    }
}
