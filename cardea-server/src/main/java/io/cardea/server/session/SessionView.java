package io.cardea.server.session;

import java.time.Instant;
import java.util.UUID;

/** A session as its owner sees it in the JSON API and on the account pages; {@code current}: the one asking. */
public record SessionView(UUID id, Instant createdAt, Instant lastSeenAt, Instant idleExpiresAt, Instant expiresAt,
        String userAgent, String ipAddress, boolean current) {

    static SessionView of(Session s, boolean current) {
        return new SessionView(s.id(), s.createdAt(), s.lastSeenAt(), s.idleExpiresAt(), s.expiresAt(),
                s.userAgent(), s.ipAddress(), current);
    }
}
