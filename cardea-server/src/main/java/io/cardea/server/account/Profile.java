package io.cardea.server.account;

import io.cardea.server.identity.Identity;
import io.cardea.server.identity.IdentityStore;
import java.time.Instant;
import java.util.UUID;

/** What a signed-in person sees of their own account. */
record Profile(UUID id, String email, boolean emailVerified, Instant createdAt) {

    static Profile of(Identity identity, IdentityStore identities) {
        var email = identities.emailOf(identity.id()).orElse(new IdentityStore.Email(identity.email(), false));
        return new Profile(identity.id(), email.address(), email.verified(), identity.createdAt());
    }
}
