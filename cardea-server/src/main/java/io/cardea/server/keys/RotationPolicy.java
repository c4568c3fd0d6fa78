package io.cardea.server.keys;

import java.time.Duration;

/**
 * When the ring rotates and how long each key stays published.
 *
 * @param interval how long a key signs before the next one takes over
 * @param publishAhead how long a new key is published before it may sign: at least the time relying
 *     parties cache the JWKS, so none of them meets a {@code kid} it does not know
 * @param refresh how stale an instance's copy of the ring may be
 */
public record RotationPolicy(Duration interval, Duration publishAhead, Duration refresh) {

    /**
     * The longest-lived token Cardea signs: Spring's ID tokens live 30 minutes, longer than Cardea's
     * access tokens (5 minutes). Refresh tokens are opaque, not signed.
     */
    static final Duration LONGEST_SIGNED_TOKEN = Duration.ofMinutes(30);

    /**
     * How long a retired key stays published: every token it signed has expired by then, including
     * those an instance signed with it while its copy of the ring was still stale.
     */
    Duration keepRetired() {
        return LONGEST_SIGNED_TOKEN.plus(refresh);
    }
}
