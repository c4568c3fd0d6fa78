package io.cardea.server.codes;

import io.cardea.server.identity.EmailAddress;
import io.cardea.server.identity.Identity;
import io.cardea.server.identity.IdentityStore;
import io.cardea.server.mail.MailTemplates;
import io.cardea.server.mail.Outbox;
import jakarta.servlet.http.HttpServletRequest;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.web.servlet.support.RequestContextUtils;

/**
 * A one-time code and its mail: the code issued and the mail {@code templates/mail/PURPOSE} queued
 * with it (its {@code code}, {@code link} and {@code minutes}), so that recovery and email
 * verification send their codes alike.
 */
public final class CodeMail {

    private final OneTimeCodes codes;
    private final IdentityStore identities;
    private final Outbox outbox;
    private final MailTemplates templates;
    private final CodeLinks links;
    private final TransactionOperations transactions;

    CodeMail(OneTimeCodes codes, IdentityStore identities, Outbox outbox, MailTemplates templates, CodeLinks links,
            TransactionOperations transactions) {
        this.codes = codes;
        this.identities = identities;
        this.outbox = outbox;
        this.templates = templates;
        this.links = links;
        this.transactions = transactions;
    }

    /**
     * Issues a code to {@code identity} at its address and queues the mail whose link opens
     * {@code linkPath}, in the language of {@code request}, in the caller's transaction; false, and
     * no mail, when the account was sent its limit of these codes lately.
     */
    public boolean send(Identity identity, Purpose purpose, String linkPath, HttpServletRequest request) {
        return sendTo(identity, identity.email(), purpose, linkPath, request);
    }

    /** As {@link #send}, to {@code address} instead of the identity's own: a new address to prove. */
    public boolean sendTo(Identity identity, String address, Purpose purpose, String linkPath,
            HttpServletRequest request) {
        Locale locale = RequestContextUtils.getLocale(request);
        return codes.issue(identity.id(), address, purpose).map(code -> outbox.enqueue(templates.render(
                purpose.stored(), locale, address, model(code, links.to(request, linkPath, code.linkSecret())))))
                .isPresent();
    }

    /** The code, its link, and how long both work: in {@code hours} when that is whole, else {@code minutes}. */
    private static Map<String, Object> model(IssuedCode code, String link) {
        Map<String, Object> model = new HashMap<>(Map.of("code", code.code(), "link", link, "minutes",
                code.lifetime().toMinutes()));
        if (code.lifetime().toMinutes() % 60 == 0) {
            model.put("hours", code.lifetime().toHours());
        }
        return model;
    }

    /**
     * A person asking for a code by address: refused with 400 for a malformed address (not
     * counted), then counted against the client's address (429 past its limit); a mail goes out in
     * a transaction of its own only when an active identity has the address and {@code wanted}
     * accepts it. Nothing in the outcome tells whether it did.
     */
    public void sendOnRequest(String email, Purpose purpose, String linkPath, Predicate<Identity> wanted,
            HttpServletRequest request) {
        String address = EmailAddress.parse(email);
        codes.admitRequest(purpose, request.getRemoteAddr());
        identities.findByEmail(address).map(IdentityStore.WithPassword::identity).filter(Identity::active)
                .filter(wanted)
                .ifPresent(identity -> transactions.executeWithoutResult(
                        tx -> send(identity, purpose, linkPath, request)));
    }
}
