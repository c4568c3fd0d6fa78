package io.cardea.server.codes;

import java.util.UUID;

/** A code that came back right: whose it is, and the address it was sent to. */
public record RedeemedCode(UUID identityId, String email) {}
