package io.cardea.server.session;

import io.cardea.server.identity.Identity;
import io.cardea.server.identity.IdentityStore;
import io.cardea.server.identity.PasswordHasher;
import io.cardea.server.web.RequestRefused;
import org.springframework.http.HttpStatus;

/**
 * The password of a signed-in person, asked again before a change that a borrowed session must not
 * make alone (a new password, deleting the account). Checked as sign-in checks it, under the same
 * throttle: a wrong one counts as a failed sign-in of the account and of the client address, so a
 * session does not give more guesses at the password than the sign-in form does.
 */
public final class CurrentPassword {

    private final IdentityStore identities;
    private final PasswordHasher hasher;
    private final SignInThrottle throttle;
    /** Verified against when the identity has no password (any more), so that answer takes as long as a wrong one. */
    private final String decoyHash;

    CurrentPassword(IdentityStore identities, PasswordHasher hasher, SignInThrottle throttle) {
        this.identities = identities;
        this.hasher = hasher;
        this.throttle = throttle;
        this.decoyHash = hasher.decoy();
    }

    /**
     * Returns when {@code password} is the identity's; else refused with 400 {@code invalid_credentials}
     * naming {@code field}, or 429 {@code too_many_attempts} after too many failures, like sign-in.
     */
    public void confirm(Identity identity, String password, String field, String address) {
        throttle.check(identity.email(), address);
        String hash = identities.passwordHashOf(identity.id()).orElse(decoyHash);
        if (password == null || !hasher.matches(password, hash)) {
            throttle.failed(identity.email(), address);
            throw new RequestRefused(HttpStatus.BAD_REQUEST, "invalid_credentials", field,
                    "The current password is wrong.");
        }
        throttle.succeeded(identity.email());
    }
}
