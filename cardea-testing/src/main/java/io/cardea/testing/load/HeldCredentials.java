package io.cardea.testing.load;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.Stream;

/**
 * What the load opened before it began and keeps using while it runs, so that sessions and tokens
 * from before an upgrade are proven still good after it; and the tokens it issues as it goes.
 */
final class HeldCredentials {

    /** A session of one of the identities. */
    record Session(String email, String token) {}

    /** An access token and when it ends. */
    record Token(String value, Instant expires) {
        boolean liveFor(Duration margin) {
            return expires.isAfter(Instant.now().plus(margin));
        }
    }

    private static final int RECENT = 32;

    final List<Session> sessions;
    final List<UserGrant> grants;
    /** Every access token issued before the load began: each must verify against every JWKS fetched while it lives. */
    final List<Token> earlier;
    /**
     * The client tokens issued before the load, introspected while they live. (A user's first access
     * token is not: a refresh of its grant replaces it, and introspection then rightly calls it inactive.)
     */
    private final List<Token> clientTokensBefore;
    private final AtomicReferenceArray<Token> recent = new AtomicReferenceArray<>(RECENT);
    private final AtomicInteger issued = new AtomicInteger();

    HeldCredentials(List<Session> sessions, List<UserGrant> grants, List<Token> clientTokens) {
        this.sessions = List.copyOf(sessions);
        this.grants = List.copyOf(grants);
        this.clientTokensBefore = List.copyOf(clientTokens);
        this.earlier = Stream.concat(clientTokens.stream(), grants.stream().map(UserGrant::first)).toList();
    }

    void issued(Token token) {
        recent.set(Math.floorMod(issued.getAndIncrement(), RECENT), token);
    }

    /** A client token still live for {@code margin}: one from before the load half of the time, while any is. */
    Token liveClientToken(Duration margin) {
        var random = ThreadLocalRandom.current();
        if (random.nextBoolean()) {
            List<Token> live = clientTokensBefore.stream().filter(t -> t.liveFor(margin)).toList();
            if (!live.isEmpty()) {
                return live.get(random.nextInt(live.size()));
            }
        }
        for (int i = issued.get() - 1; i >= 0 && i >= issued.get() - RECENT; i--) {
            Token t = recent.get(Math.floorMod(i, RECENT));
            if (t != null && t.liveFor(margin)) {
                return t;
            }
        }
        return null;
    }

    <T> T any(List<T> list) {
        return list.get(ThreadLocalRandom.current().nextInt(list.size()));
    }
}
