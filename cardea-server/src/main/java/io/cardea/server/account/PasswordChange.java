package io.cardea.server.account;

import io.cardea.server.codes.AccountMail;
import io.cardea.server.identity.IdentityStore;
import io.cardea.server.identity.NewPassword;
import io.cardea.server.mail.Outbox;
import io.cardea.server.recovery.PasswordChangedMail;
import io.cardea.server.session.BrowserSession.SignedIn;
import io.cardea.server.session.CurrentPassword;
import io.cardea.server.session.SignOutEverywhere;
import io.cardea.server.web.RequestRefused;
import jakarta.servlet.http.HttpServletRequest;
import java.util.UUID;
import org.springframework.transaction.support.TransactionOperations;

/**
 * A signed-in person changes their password, giving the current one: every other session of theirs
 * ends (whoever else was signed in is out), the one they use stays, and their address is told.
 */
final class PasswordChange {

    private final CurrentPassword currentPassword;
    private final NewPassword passwords;
    private final IdentityStore identities;
    private final SignOutEverywhere signOut;
    private final AccountMail accountMail;
    private final Outbox outbox;
    private final PasswordChangedMail passwordChanged;
    private final TransactionOperations transactions;

    PasswordChange(CurrentPassword currentPassword, NewPassword passwords, IdentityStore identities,
            SignOutEverywhere signOut, AccountMail accountMail, Outbox outbox, PasswordChangedMail passwordChanged,
            TransactionOperations transactions) {
        this.currentPassword = currentPassword;
        this.passwords = passwords;
        this.identities = identities;
        this.signOut = signOut;
        this.accountMail = accountMail;
        this.outbox = outbox;
        this.passwordChanged = passwordChanged;
        this.transactions = transactions;
    }

    /**
     * Refused with 400 {@code weak_password} (field {@code new_password}) before the current password
     * is checked, which costs a hash and, when wrong, a failure under the sign-in throttle: 400
     * {@code invalid_credentials} (field {@code current_password}), or 429. Refused, nothing changes.
     * The new hash, the other sessions' end and the notice (when account mail is on) go in one
     * transaction.
     */
    void change(SignedIn signedIn, String current, String newPassword, HttpServletRequest request) {
        try {
            passwords.check(newPassword);
        } catch (RequestRefused weak) {
            throw weak.naming("new_password");
        }
        currentPassword.confirm(signedIn.identity(), current, "current_password", request.getRemoteAddr());
        String hash = passwords.hash(newPassword);
        UUID id = signedIn.identity().id();
        transactions.executeWithoutResult(tx -> {
            identities.replacePasswordHash(id, hash);
            signOut.allBut(id, signedIn.sessionId());
            if (accountMail.available()) {
                outbox.enqueue(passwordChanged.to(signedIn.identity().email(), request));
            }
        });
    }
}
