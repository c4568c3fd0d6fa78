package io.cardea.server.identity;

/**
 * A password a person chooses after sign-up (on recovery, or changing it): refused with 400
 * {@code weak_password} as at sign-up, else its hash to store.
 */
public final class NewPassword {

    private final PasswordPolicy policy;
    private final PasswordHasher hasher;

    NewPassword(PasswordPolicy policy, PasswordHasher hasher) {
        this.policy = policy;
        this.hasher = hasher;
    }

    /** Checks {@code password} against the policy; the check alone, for a form that hashes later. */
    public void check(String password) {
        policy.check(password);
    }

    /** The hash of {@code password}, once the policy accepts it. */
    public String hash(String password) {
        policy.check(password);
        return hasher.hash(password);
    }
}
