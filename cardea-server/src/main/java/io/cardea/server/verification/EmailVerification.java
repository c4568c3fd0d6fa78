package io.cardea.server.verification;

import io.cardea.server.codes.AccountMail;
import io.cardea.server.codes.CodeMail;
import io.cardea.server.codes.OneTimeCodes;
import io.cardea.server.codes.Purpose;
import io.cardea.server.codes.RedeemedCode;
import io.cardea.server.identity.Identity;
import io.cardea.server.identity.IdentityStore;
import io.cardea.server.identity.SignUpVerification;
import io.cardea.server.web.RequestRefused;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Proof that a person receives mail at their identity's address: a code and a link mailed at
 * sign-up (and again on request), either of which marks the address verified. Opening the link
 * verifies at once, with no form to confirm: all it does is say the mail arrived, so a mail
 * scanner that opens it does no harm.
 */
public final class EmailVerification implements SignUpVerification {

    /** The page a verification link opens. */
    public static final String LINK_PATH = "/verify-email";

    private final IdentityStore identities;
    private final OneTimeCodes codes;
    private final CodeMail codeMail;
    private final AccountMail accountMail;
    private final TransactionOperations transactions;
    private final AccountExistsMail accountExists;

    EmailVerification(IdentityStore identities, OneTimeCodes codes, CodeMail codeMail, AccountMail accountMail,
            TransactionOperations transactions, AccountExistsMail accountExists) {
        this.accountExists = accountExists;
        this.identities = identities;
        this.codes = codes;
        this.codeMail = codeMail;
        this.accountMail = accountMail;
        this.transactions = transactions;
    }

    /** Whether verification is offered: mail goes out, and every live instance redeems the codes. */
    public boolean available() {
        return accountMail.available();
    }

    /** At sign-up, in the identity's transaction: the mail, when verification is available. */
    @Override
    public boolean start(Identity identity, HttpServletRequest request) {
        return available() && codeMail.send(identity, Purpose.VERIFY_EMAIL, LINK_PATH, request);
    }

    /**
     * A sign-up for an address an identity has: while verification is available, its owner is told
     * by mail, and the sign-up answers as for a new address (true); else it is refused as taken.
     */
    @Override
    public boolean taken(String email, HttpServletRequest request) {
        if (!available()) {
            return false;
        }
        accountExists.send(email, request);
        return true;
    }

    /**
     * Sends a new code and link to {@code email} when an active identity has it unverified and was
     * not sent too many lately; answers alike when not. Refused with 400 for a malformed address,
     * 429 when the client's address asked too often, 503 when verification is not available.
     */
    public void resend(String email, HttpServletRequest request) {
        requireAvailable();
        codeMail.sendOnRequest(email, Purpose.VERIFY_EMAIL, LINK_PATH, this::unverified, request);
    }

    private boolean unverified(Identity identity) {
        return identities.emailOf(identity.id()).filter(e -> !e.verified()).isPresent();
    }

    /** Verifies with the code mailed to {@code email}; refused with 400 {@code invalid_code}. */
    public void verifyWithCode(String email, String code) {
        verify(() -> codes.redeemCode(email, code, Purpose.VERIFY_EMAIL, true));
    }

    /** Verifies with a verification link's secret; refused as {@link #verifyWithCode}. */
    public void verifyWithLink(String linkSecret) {
        verify(() -> codes.redeemLink(linkSecret, Purpose.VERIFY_EMAIL, true));
    }

    /**
     * Spends the code and marks the address in one transaction. A wrong code's count is committed
     * with it, so the refusal comes after; so does that of a code sent to an address the identity
     * no longer has.
     */
    private void verify(Supplier<Optional<RedeemedCode>> redeem) {
        requireAvailable();
        boolean verified = transactions.execute(tx -> redeem.get()
                .filter(r -> identities.markEmailVerified(r.identityId(), r.email())).isPresent());
        if (!verified) {
            throw OneTimeCodes.invalidCode();
        }
    }

    private void requireAvailable() {
        if (!available()) {
            throw new RequestRefused(HttpStatus.SERVICE_UNAVAILABLE, "verification_unavailable", null,
                    "Email verification is not available on this server.");
        }
    }
}
