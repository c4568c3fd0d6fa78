package io.cardea.server.identity;

import io.cardea.server.web.RequestRefused;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;

/** Creates identities that sign in with an email and a password. */
public final class Registration {

    private final IdentityStore store;
    private final PasswordPolicy policy;
    private final PasswordHasher hasher;

    Registration(IdentityStore store, PasswordPolicy policy, PasswordHasher hasher) {
        this.store = store;
        this.policy = policy;
        this.hasher = hasher;
    }

    public Identity register(String email, String password) {
        return register(email, password, "{}");
    }

    /** Registers with traits (a JSON object); refused with 400 or 409 as the API answers. */
    public Identity register(String email, String password, String traitsJson) {
        String address = EmailAddress.parse(email);
        policy.check(password);
        String hash = hasher.hash(password);
        try {
            return store.create(address, hash, traitsJson);
        } catch (DuplicateKeyException e) {
            throw new RequestRefused(HttpStatus.CONFLICT, "email_taken", "email",
                    "An identity with this email address exists already.");
        }
    }
}
