package io.cardea.server.session;

import io.cardea.server.identity.Identity;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Sign-in, sign-out, and one's own sessions. */
@RestController
final class SessionController {

    record Credentials(String email, String password) {
        @Override
        public String toString() {
            return "Credentials[email=" + email + "]";
        }
    }

    record IdentityView(UUID id, String email, String state, Instant createdAt) {
        static IdentityView of(Identity i) {
            return new IdentityView(i.id(), i.email(), i.state(), i.createdAt());
        }
    }

    record WhoAmI(SessionView session, IdentityView identity) {
        static WhoAmI of(Session s) {
            return new WhoAmI(SessionView.of(s, true), IdentityView.of(s.identity()));
        }
    }

    private final SignIn signIn;
    private final SessionStore sessions;
    private final SessionCookie cookie;
    private final BrowserSession browser;
    private final OwnSessions own;

    SessionController(SignIn signIn, SessionStore sessions, SessionCookie cookie, BrowserSession browser,
            OwnSessions own) {
        this.signIn = signIn;
        this.sessions = sessions;
        this.cookie = cookie;
        this.browser = browser;
        this.own = own;
    }

    @PostMapping(path = "/self-service/login", consumes = "application/json")
    ResponseEntity<WhoAmI> login(@RequestBody Credentials credentials, HttpServletRequest request) {
        SignIn.Opened opened = signIn.signIn(credentials.email(), credentials.password(),
                request.getHeader(HttpHeaders.USER_AGENT), request.getRemoteAddr());
        return ResponseEntity.ok().header(HttpHeaders.SET_COOKIE, cookie.set(opened.token()))
                .body(WhoAmI.of(opened.session()));
    }

    @PostMapping("/self-service/logout")
    ResponseEntity<Void> logout(HttpServletRequest request) {
        Session current = current(request);
        sessions.revoke(current.id(), current.identity().id());
        return ResponseEntity.noContent().header(HttpHeaders.SET_COOKIE, cookie.clear()).build();
    }

    @GetMapping("/sessions/whoami")
    WhoAmI whoami(HttpServletRequest request) {
        return WhoAmI.of(current(request));
    }

    @GetMapping("/sessions")
    List<SessionView> list(HttpServletRequest request) {
        return own.of(browser.required(request));
    }

    @DeleteMapping("/sessions/{id}")
    ResponseEntity<Void> revoke(@PathVariable("id") UUID id, HttpServletRequest request) {
        own.end(browser.required(request), id);
        return ResponseEntity.noContent().build();
    }

    private Session current(HttpServletRequest request) {
        return browser.live(request).orElseThrow(BrowserSession::noSession);
    }
}
