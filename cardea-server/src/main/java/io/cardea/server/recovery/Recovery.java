package io.cardea.server.recovery;

import io.cardea.server.codes.AccountMail;
import io.cardea.server.codes.CodeMail;
import io.cardea.server.codes.OneTimeCodes;
import io.cardea.server.codes.Purpose;
import io.cardea.server.codes.RedeemedCode;
import io.cardea.server.identity.IdentityStore;
import io.cardea.server.identity.NewPassword;
import io.cardea.server.mail.Outbox;
import io.cardea.server.session.SignOutEverywhere;
import io.cardea.server.web.RequestRefused;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.support.TransactionOperations;

/**
 * "Forgot your password?": a code and a link by mail to the account's address, then a new password
 * with either. The answer to a request is the same whether or not the address has an account; a
 * new password ends every session of the identity and is told to its address.
 */
public final class Recovery {

    /** The page a recovery link opens. */
    public static final String LINK_PATH = "/recovery/new-password";

    private final IdentityStore identities;
    private final OneTimeCodes codes;
    private final CodeMail codeMail;
    private final NewPassword passwords;
    private final Outbox outbox;
    private final SignOutEverywhere signOut;
    private final AccountMail accountMail;
    private final PasswordChangedMail passwordChanged;
    private final TransactionOperations transactions;

    Recovery(IdentityStore identities, OneTimeCodes codes, CodeMail codeMail, NewPassword passwords, Outbox outbox,
            SignOutEverywhere signOut, AccountMail accountMail, PasswordChangedMail passwordChanged,
            TransactionOperations transactions) {
        this.identities = identities;
        this.codes = codes;
        this.codeMail = codeMail;
        this.passwords = passwords;
        this.outbox = outbox;
        this.signOut = signOut;
        this.accountMail = accountMail;
        this.passwordChanged = passwordChanged;
        this.transactions = transactions;
    }

    /** Whether recovery is offered: mail goes out, and every live instance redeems the codes. */
    public boolean available() {
        return accountMail.available();
    }

    /**
     * Sends a code and a link to {@code email} when it belongs to an active identity that was not
     * sent too many lately; answers alike when it does not. Refused with 400 for a malformed address,
     * 429 when the client's address asked too often, 503 when recovery is not available.
     */
    public void request(String email, HttpServletRequest request) {
        requireAvailable();
        codeMail.sendOnRequest(email, Purpose.RECOVERY, LINK_PATH, identity -> true, request);
    }

    /** Sets a new password with the code mailed to {@code email}; refused with 400 {@code invalid_code} or {@code weak_password}. */
    public void completeWithCode(String email, String code, String newPassword, HttpServletRequest request) {
        complete(spend -> codes.redeemCode(email, code, Purpose.RECOVERY, spend), newPassword, request);
    }

    /** Sets a new password with a recovery link's secret; refused as {@link #completeWithCode}. */
    public void completeWithLink(String linkSecret, String newPassword, HttpServletRequest request) {
        complete(spend -> codes.redeemLink(linkSecret, Purpose.RECOVERY, spend), newPassword, request);
    }

    /** Whether a recovery link still works, without spending it. */
    public boolean linkIsLive(String linkSecret) {
        return available() && codes.redeemLink(linkSecret, Purpose.RECOVERY, false).isPresent();
    }

    /**
     * The password is checked against the policy, then the code (a wrong one is counted, and costs
     * no password hash), then the password hashed; the code is spent, the hash stored, the sessions
     * ended and the notice queued in one transaction, which finds the code spent if a concurrent
     * request took it first.
     */
    private void complete(Function<Boolean, Optional<RedeemedCode>> redeem, String newPassword,
            HttpServletRequest request) {
        requireAvailable();
        passwords.check(newPassword);
        if (transactions.execute(tx -> redeem.apply(false)).isEmpty()) {
            throw OneTimeCodes.invalidCode();
        }
        String hash = passwords.hash(newPassword);
        Optional<RedeemedCode> done = transactions.execute(tx -> redeem.apply(true).map(r -> {
            identities.replacePasswordHash(r.identityId(), hash);
            // The code reached the address: it is verified, if it is still the identity's.
            identities.markEmailVerified(r.identityId(), r.email());
            signOut.of(r.identityId());
            outbox.enqueue(passwordChanged.to(r.email(), request));
            return r;
        }));
        if (done.isEmpty()) {
            throw OneTimeCodes.invalidCode();
        }
    }

    private void requireAvailable() {
        if (!available()) {
            throw new RequestRefused(HttpStatus.SERVICE_UNAVAILABLE, "recovery_unavailable", null,
                    "Password recovery is not available on this server.");
        }
    }
}
