package io.cardea.server.session;

import io.cardea.server.identity.Identity;
import io.cardea.server.web.RequestRefused;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * Cardea's session as the server-rendered pages and the OAuth2 endpoints see it: who the
 * {@code cardea_session} cookie of a request belongs to, and signing in or out from a form.
 */
public final class BrowserSession {

    private final SignIn signIn;
    private final SessionStore sessions;
    private final SessionCookie cookie;

    BrowserSession(SignIn signIn, SessionStore sessions, SessionCookie cookie) {
        this.signIn = signIn;
        this.sessions = sessions;
        this.cookie = cookie;
    }

    /** Which live session, who it belongs to, and when they signed in (OIDC's {@code auth_time}). */
    public record SignedIn(UUID sessionId, Identity identity, Instant at) {}

    /** The request's live session, if it has one. */
    public Optional<SignedIn> current(HttpServletRequest request) {
        return live(request).map(s -> new SignedIn(s.id(), s.identity(), s.createdAt()));
    }

    /** The request's live session; refused with 401 {@code no_session} for the JSON API when there is none. */
    public SignedIn required(HttpServletRequest request) {
        return current(request).orElseThrow(BrowserSession::noSession);
    }

    static RequestRefused noSession() {
        return new RequestRefused(HttpStatus.UNAUTHORIZED, "no_session", null, "Sign in first: there is no valid "
                + "session.");
    }

    /** The live session the request's {@code cardea_session} cookie opens, if any. */
    Optional<Session> live(HttpServletRequest request) {
        return cookie.read(request).flatMap(sessions::findLive);
    }

    /**
     * Checks the credentials like the JSON sign-in does and opens a session; returns the
     * {@code Set-Cookie} header value that hands it to the browser. Throws
     * {@link io.cardea.server.web.RequestRefused} for wrong credentials or a disabled identity.
     */
    public String signIn(String email, String password, HttpServletRequest request) {
        SignIn.Opened opened = signIn.signIn(email, password, request.getHeader(HttpHeaders.USER_AGENT),
                request.getRemoteAddr());
        return cookie.set(opened.token());
    }

    /**
     * Whether {@code refused} is a sign-in refused only because the address must be verified first
     * ({@code cardea.sign-in.require-verified-email}).
     */
    public static boolean unverifiedEmail(RequestRefused refused) {
        return refused.error().error().equals(SignIn.EMAIL_NOT_VERIFIED);
    }

    /** Ends the request's session, if any; returns the {@code Set-Cookie} header value that clears the cookie. */
    public String signOut(HttpServletRequest request) {
        live(request).ifPresent(s -> sessions.revoke(s.id(), s.identity().id()));
        return cookie.clear();
    }
}
