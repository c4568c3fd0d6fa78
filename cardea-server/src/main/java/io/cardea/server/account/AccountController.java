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
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;
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

    record EmailForm(String newEmail, String currentPassword) {
        @Override
        public String toString() {
            return "EmailForm[newEmail=" + newEmail + "]";
        }
    }

    record EmailConfirmation(String newEmail, String code, String token) {
        @Override
        public String toString() {
            return "EmailConfirmation[newEmail=" + newEmail + "]";
        }
    }

    record Answer(String status, String message) {}

    record SignedOut(int signedOut) {}

    private final BrowserSession browser;
    private final IdentityStore identities;
    private final OwnSessions sessions;
    private final PasswordChange passwordChange;
    private final AccountDeletion deletion;
    private final EmailChange emailChange;

    AccountController(BrowserSession browser, IdentityStore identities, OwnSessions sessions,
            PasswordChange passwordChange, AccountDeletion deletion, EmailChange emailChange) {
        this.emailChange = emailChange;
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

    /** The same answer whether or not another account has the new address: then no mail goes out. */
    @PostMapping(path = PATH + "/email", consumes = "application/json")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Answer changeEmail(@RequestBody EmailForm form, HttpServletRequest request) {
        emailChange.request(browser.required(request), form.newEmail(), form.currentPassword(), request);
        return new Answer("sent", "A code to confirm the new address is on its way to it; the account keeps its "
                + "address until the code comes back.");
    }

    /** No session needed: the code or the link proves the mail reached the new address. */
    @PostMapping(path = PATH + "/email/confirm", consumes = "application/json")
    Answer confirmEmail(@RequestBody EmailConfirmation form, HttpServletRequest request) {
        if (form.token() != null) {
            emailChange.confirmWithLink(form.token(), request);
        } else {
            emailChange.confirmWithCode(form.newEmail(), form.code(), request);
        }
        return new Answer("email_changed", "The account's address is the new one, verified; the old one was told.");
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
