package io.cardea.server.account;

import io.cardea.server.identity.IdentityStore;
import io.cardea.server.session.BrowserSession;
import io.cardea.server.session.BrowserSession.SignedIn;
import io.cardea.server.session.OwnSessions;
import io.cardea.server.session.SessionView;
import jakarta.servlet.http.HttpServletRequest;
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

/**
 * The JSON API of one's own account, for the session cookie's owner; without a live session every
 * endpoint answers 401 {@code no_session}. Like the session endpoints, these rely on the cookie
 * being SameSite=Lax (no other site's request carries it) and, for a body, on JSON: a form of
 * another site cannot send one without a preflight, which Cardea does not answer.
 */
@RestController
final class AccountController {

    static final String PATH = "/self-service/account";

    record PasswordForm(String currentPassword, String newPassword) {
        @Override
        public String toString() {
            return "PasswordForm[redacted]";
        }
    }

    record DeletionForm(String password) {
        @Override
        public String toString() {
            return "DeletionForm[redacted]";
        }
    }

    record Answer(String status, String message) {}

    record SignedOut(int signedOut) {}

    private final BrowserSession browser;
    private final IdentityStore identities;
    private final OwnSessions sessions;
    private final PasswordChange passwordChange;
    private final AccountDeletion deletion;

    AccountController(BrowserSession browser, IdentityStore identities, OwnSessions sessions,
            PasswordChange passwordChange, AccountDeletion deletion) {
        this.browser = browser;
        this.identities = identities;
        this.sessions = sessions;
        this.passwordChange = passwordChange;
        this.deletion = deletion;
    }

    @GetMapping(PATH)
    Profile profile(HttpServletRequest request) {
        return Profile.of(browser.required(request).identity(), identities);
    }

    @PostMapping(path = PATH + "/password", consumes = "application/json")
    Answer changePassword(@RequestBody PasswordForm form, HttpServletRequest request) {
        passwordChange.change(browser.required(request), form.currentPassword(), form.newPassword(), request);
        return new Answer("password_changed", "The password is changed, and every other session signed out.");
    }

    @GetMapping(PATH + "/sessions")
    List<SessionView> sessions(HttpServletRequest request) {
        return sessions.of(browser.required(request));
    }

    /** Ending the session that asks signs it out: its cookie is cleared too. */
    @DeleteMapping(PATH + "/sessions/{id}")
    ResponseEntity<Void> endSession(@PathVariable("id") UUID id, HttpServletRequest request) {
        SignedIn signedIn = browser.required(request);
        if (id.equals(signedIn.sessionId())) {
            return ResponseEntity.noContent().header(HttpHeaders.SET_COOKIE, browser.signOut(request)).build();
        }
        sessions.end(signedIn, id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping(PATH + "/sessions/sign-out-others")
    SignedOut signOutOthers(HttpServletRequest request) {
        return new SignedOut(sessions.endOthers(browser.required(request)));
    }

    @DeleteMapping(path = PATH, consumes = "application/json")
    ResponseEntity<Void> delete(@RequestBody DeletionForm form, HttpServletRequest request) {
        deletion.delete(browser.required(request), form.password(), request.getRemoteAddr());
        return ResponseEntity.noContent().header(HttpHeaders.SET_COOKIE, browser.signOut(request)).build();
    }
}
