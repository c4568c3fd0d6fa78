package io.cardea.server.account;

import io.cardea.server.codes.AccountMail;
import io.cardea.server.codes.CodeMail;
import io.cardea.server.codes.OneTimeCodes;
import io.cardea.server.codes.Purpose;
import io.cardea.server.codes.RedeemedCode;
import io.cardea.server.identity.EmailAddress;
import io.cardea.server.identity.IdentityStore;
import io.cardea.server.mail.MailTemplates;
import io.cardea.server.mail.Outbox;
import io.cardea.server.session.CurrentPassword;
import io.cardea.server.session.BrowserSession.SignedIn;
import io.cardea.server.web.RequestRefused;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.web.servlet.support.RequestContextUtils;

/**
 * A signed-in person changes their address: the current password, then a code and a link mailed to
 * the new address, which replaces the old one only once either comes back; the old address is then
 * told. A new address another identity has gets the same answer and no mail, so this tells nobody
 * which addresses have accounts.
 */
final class EmailChange {

    /** The page a confirmation link opens. */
    static final String LINK_PATH = SignedInPages.ACCOUNT + "/email/confirm";

    private final CurrentPassword currentPassword;
    private final IdentityStore identities;
    private final OneTimeCodes codes;
    private final CodeMail codeMail;
    private final AccountMail accountMail;
    private final Outbox outbox;
    private final MailTemplates templates;
    private final TransactionOperations transactions;

    EmailChange(CurrentPassword currentPassword, IdentityStore identities, OneTimeCodes codes, CodeMail codeMail,
            AccountMail accountMail, Outbox outbox, MailTemplates templates, TransactionOperations transactions) {
        this.currentPassword = currentPassword;
        this.identities = identities;
        this.codes = codes;
        this.codeMail = codeMail;
        this.accountMail = accountMail;
        this.outbox = outbox;
        this.templates = templates;
        this.transactions = transactions;
    }

    /**
     * Mails a code and a link to {@code newEmail}. Refused with 400 {@code invalid_email} or {@code
     * same_email} (field {@code new_email}), 400 {@code invalid_credentials} for a wrong current
     * password (counted by the sign-in throttle), 429 past the codes' limit per client address, 503
     * without account mail; nothing is sent then.
     */
    void request(SignedIn signedIn, String newEmail, String password, HttpServletRequest request) {
        requireAvailable();
        String address;
        try {
            address = EmailAddress.parse(newEmail);
        } catch (RequestRefused e) {
            throw e.naming("new_email");
        }
        if (address.equalsIgnoreCase(signedIn.identity().email())) {
            throw new RequestRefused(HttpStatus.BAD_REQUEST, "same_email", "new_email",
                    "This is the address the account has already.");
        }
        currentPassword.confirm(signedIn.identity(), password, "current_password", request.getRemoteAddr());
        codes.admitRequest(Purpose.CHANGE_EMAIL, request.getRemoteAddr());
        if (identities.findByEmail(address).isEmpty()) {
            transactions.executeWithoutResult(tx -> codeMail.sendTo(signedIn.identity(), address,
                    Purpose.CHANGE_EMAIL, LINK_PATH, request));
        }
    }

    /** Confirms with the code mailed to {@code newEmail}; refused with 400 {@code invalid_code} or 409 {@code email_taken}. */
    void confirmWithCode(String newEmail, String code, HttpServletRequest request) {
        confirm(() -> codes.redeemCode(newEmail, code, Purpose.CHANGE_EMAIL, true), request);
    }

    /** Confirms with the link's secret; refused as {@link #confirmWithCode}. */
    void confirmWithLink(String linkSecret, HttpServletRequest request) {
        confirm(() -> codes.redeemLink(linkSecret, Purpose.CHANGE_EMAIL, true), request);
    }

    /**
     * The code is spent, the address replaced and the old one told in one transaction. A wrong
     * code's count is committed with it, so the refusal comes after; an address taken meanwhile rolls
     * it all back.
     */
    private void confirm(Supplier<Optional<RedeemedCode>> redeem, HttpServletRequest request) {
        requireAvailable();
        Optional<RedeemedCode> done;
        try {
            done = transactions.execute(tx -> redeem.get().map(r -> {
                identities.changeEmail(r.identityId(), r.email()).ifPresent(old -> outbox.enqueue(templates.render(
                        "email-changed", RequestContextUtils.getLocale(request), old, Map.of("newEmail", r.email()))));
                return r;
            }));
        } catch (DuplicateKeyException e) {
            throw new RequestRefused(HttpStatus.CONFLICT, "email_taken", "new_email",
                    "Another account has this address now.");
        }
        if (done.isEmpty()) {
            throw OneTimeCodes.invalidCode();
        }
    }

    private void requireAvailable() {
        if (!accountMail.available()) {
            throw new RequestRefused(HttpStatus.SERVICE_UNAVAILABLE, "email_change_unavailable", null,
                    "Changing the address is not available on this server.");
        }
    }
}
