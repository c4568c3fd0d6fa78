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
        return create(email, password, "{}", request.getRemoteAddr(),
                created -> new SignedUp(created, verification.start(created, request), false),
                address -> {
                    if (!verification.taken(address, request)) {
                        throw emailTaken();
                    }
                    return new SignedUp(new Identity(UUID.randomUUID(), address, "active", Instant.now()), true, true);
                });
    }

    /**
     * Registers with traits (a JSON object), for an administrator; no mail is sent. Refused with 400
     * or 409 as the API answers.
     */
    public Identity register(String email, String password, String traitsJson) {
        return create(email, password, traitsJson, null, created -> created, address -> {
            throw emailTaken();
        });
    }

    /**
     * @param alongside what is done with the stored identity, in its transaction
     * @param whenTaken the answer when an identity has the address already
     */
    private <T> T create(String email, String password, String traitsJson, String clientAddress,
            Function<Identity, T> alongside, Function<String, T> whenTaken) {
        String address = EmailAddress.parse(email);
        policy.check(password);
        if (clientAddress != null) {
            throttle.admit(clientAddress);
        }
        String hash = hasher.hash(password); // slow: before the transaction, which holds a connection
        try {
            return transactions.execute(tx -> alongside.apply(store.create(address, hash, traitsJson)));
        } catch (DuplicateKeyException e) {
            return whenTaken.apply(address);
        }
    }

    private static RequestRefused emailTaken() {
        return new RequestRefused(HttpStatus.CONFLICT, "email_taken", "email",
                "An identity with this email address exists already.");
    }
}
