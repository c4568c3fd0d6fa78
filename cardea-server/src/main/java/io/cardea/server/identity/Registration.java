package io.cardea.server.identity;

import io.cardea.server.web.RequestRefused;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.support.TransactionOperations;

/** Creates identities that sign in with an email and a password. */
public final class Registration {

    private static final String EMAIL_TAKEN = "email_taken";

    /**
     * A self-service sign-up's outcome: the identity, and whether a mail asks it to verify its
     * address. For an address an identity had already, while verification hides that ({@code
     * existing}), the identity is a stand-in that names nobody: its id is random, and it must not be
     * signed in.
     */
    public record SignedUp(Identity identity, boolean verificationSent, boolean existing) {}

    private final IdentityStore store;
    private final PasswordPolicy policy;
    private final PasswordHasher hasher;
    private final SignUpThrottle throttle;
    private final SignUpVerification verification;
    private final TransactionOperations transactions;

    Registration(IdentityStore store, PasswordPolicy policy, PasswordHasher hasher, SignUpThrottle throttle,
            SignUpVerification verification, TransactionOperations transactions) {
        this.store = store;
        this.policy = policy;
        this.hasher = hasher;
        this.throttle = throttle;
        this.verification = verification;
        this.transactions = transactions;
    }

    /**
     * A person signing themselves up: refused with 429 when the client's address has signed up too
     * often lately (only attempts that pass the checks count), else as
     * {@link #register(String, String, String)}; email verification starts in the transaction
     * that stores the identity.
     */
    public SignedUp signUp(String email, String password, HttpServletRequest request) {
        try {
            return create(email, password, "{}", request.getRemoteAddr(),
                    created -> new SignedUp(created, verification.start(created, request), false));
        } catch (RequestRefused e) {
            String address = EmailAddress.parse(email);
            if (e.error().error().equals(EMAIL_TAKEN) && verification.taken(address, request)) {
                return new SignedUp(new Identity(UUID.randomUUID(), address, "active", Instant.now()), true, true);
            }
            throw e;
        }
    }

    /**
     * Registers with traits (a JSON object), for an administrator; no mail is sent. Refused with 400
     * or 409 as the API answers.
     */
    public Identity register(String email, String password, String traitsJson) {
        return create(email, password, traitsJson, null, created -> created);
    }

    private <T> T create(String email, String password, String traitsJson, String clientAddress,
            Function<Identity, T> alongside) {
        String address = EmailAddress.parse(email);
        policy.check(password);
        if (clientAddress != null) {
            throttle.admit(clientAddress);
        }
        String hash = hasher.hash(password); // slow: before the transaction, which holds a connection
        try {
            return transactions.execute(tx -> alongside.apply(store.create(address, hash, traitsJson)));
        } catch (DuplicateKeyException e) {
            throw new RequestRefused(HttpStatus.CONFLICT, EMAIL_TAKEN, "email",
                    "An identity with this email address exists already.");
        }
    }
}
