package io.cardea.server.session;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.springframework.http.ResponseCookie;

/**
 * The {@code cardea_session} cookie: HttpOnly so page scripts cannot read it, SameSite=Lax so
 * other sites cannot send requests with it, Secure unless the server runs on plain HTTP for
 * development.
 */
final class SessionCookie {

    static final String NAME = "cardea_session";

    private final SessionSettings settings;

    SessionCookie(SessionSettings settings) {
        this.settings = settings;
    }

    Optional<SessionToken> read(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        for (Cookie c : cookies) {
            if (c.getName().equals(NAME) && !c.getValue().isEmpty()) {
                return Optional.of(new SessionToken(c.getValue()));
            }
        }
        return Optional.empty();
    }

    String set(SessionToken token) {
        return base(token.value()).maxAge(settings.lifetime()).build().toString();
    }

    String clear() {
        return base("").maxAge(0).build().toString();
    }

    private ResponseCookie.ResponseCookieBuilder base(String value) {
        return ResponseCookie.from(NAME, value).path("/").httpOnly(true).secure(settings.secureCookie())
                .sameSite("Lax");
    }
}
