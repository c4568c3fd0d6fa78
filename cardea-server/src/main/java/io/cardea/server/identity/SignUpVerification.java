package io.cardea.server.identity;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Email verification as a self-service sign-up starts it: called in the transaction that creates
 * the identity, so its mail is queued if and only if the identity is stored. Declared here and
 * implemented by the verification package, so that this package depends on nothing that depends
 * on it.
 */
@FunctionalInterface
public interface SignUpVerification {

    /** Where no verification is set up: nothing is sent. */
    SignUpVerification NONE = (identity, request) -> false;

    /** Queues what asks the new {@code identity} to verify its address; true when a mail was queued. */
    boolean start(Identity identity, HttpServletRequest request);

    /**
     * A self-service sign-up for {@code email}, which an identity has already: true when its owner is
     * told by mail and the sign-up is to answer as for a new address, so that a stranger cannot learn
     * which addresses have accounts; false when it is refused as taken.
     */
    default boolean taken(String email, HttpServletRequest request) {
        return false;
    }
}
