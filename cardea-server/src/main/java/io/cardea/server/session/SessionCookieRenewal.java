package io.cardea.server.session;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * During a cookie-secret rollover ({@code CARDEA_SECRETS_COOKIE="new,old"}), signs again under the
 * new value the session cookie of every request whose cookie only the old value verifies, so that
 * once every browser has been back the old value can be dropped without signing anyone out. The
 * new cookie is set before the request is handled: a response that sets the cookie itself (sign-in,
 * sign-out) comes later and wins.
 */
final class SessionCookieRenewal extends OncePerRequestFilter {

    private final SessionCookie cookie;
    private final SessionStore sessions;

    SessionCookieRenewal(SessionCookie cookie, SessionStore sessions) {
        this.cookie = cookie;
        this.sessions = sessions;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        cookie.presented(request).filter(SessionCookie.Presented::resign)
                .ifPresent(p -> sessions.findLive(p.token()).ifPresent(s -> response.addHeader(HttpHeaders.SET_COOKIE,
                        cookie.set(p.token(), Duration.between(Instant.now(), s.expiresAt())))));
        chain.doFilter(request, response);
    }
}
