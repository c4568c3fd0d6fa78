package io.cardea.server.session;

import io.cardea.server.identity.Identity;
import java.time.Instant;
import java.util.UUID;

/** A signed-in browser or device, with the identity it belongs to. */
record Session(UUID id, Identity identity, Instant createdAt, Instant lastSeenAt, Instant idleExpiresAt,
        Instant expiresAt, String userAgent, String ipAddress) {}
