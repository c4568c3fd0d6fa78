package io.cardea.server.identity;

import io.cardea.server.web.RequestRefused;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;

/** Creates identities that sign in with an email and a password. */
public final class Registration {

    private final IdentityStore store;
    private final PasswordPolicy policy;
    private final PasswordHasher hasher;
    private final SignUpThrottle throttle;

    Registration(IdentityStore store, PasswordPolicy policy, PasswordHasher hasher, SignUpThrottle throttle) {
        this.store = store;
        this.policy = policy;
        this.hasher = hasher;
        this.throttle = throttle;
    }

    /**
     * A person signing themselves up from {@code clientAddress}: refused with 429 when that address
     * has signed up too often lately (only attempts that pass the checks count), else as
     * {@link #register(String, String, String)}.
     */
    public Identity signUp(String email, String password, String clientAddress) {
        return create(email, password, "{}", clientAddress);
    }

    /** Registers with traits (a JSON object), for an administrator; refused with 400 or 409 as the API answers. */
    public Identity register(String email, String password, String traitsJson) {
        return create(email, password, traitsJson, null);
    }

    private Identity create(String email, String password, String traitsJson, String clientAddress) {
        String address = EmailAddress.parse(email);
        policy.check(password);
        if (clientAddress != null) {
            throttle.admit(clientAddress);
        }
        String hash = hasher.hash(password);
        try {
            return store.create(address, hash, traitsJson);
        } catch (DuplicateKeyException e) {
            throw new RequestRefused(HttpStatus.CONFLICT, "email_taken", "email",
                    "An identity with this email address exists already.");
        }
    }
}
