package io.cardea.server.keys;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The signing-key schedule (env {@code CARDEA_KEYS_ROTATION_INTERVAL}, ...).
 *
 * @param rotationInterval how long a key signs before the next takes over
 * @param publishAhead how long a new key is published before it signs: at least as long as relying
 *     parties cache the JWKS
 * @param refresh how often each instance reads the ring again
 * @param checkInterval how often each instance checks whether a rotation or a removal is due
 * @param accessTokenAlgorithm what access tokens are signed with: ES256 or RS256 (ID tokens are always RS256)
 * @param jwksMaxAge how long relying parties may cache the JWKS, at most: the {@code max-age} the
 *     JWKS answer carries is this, capped at half the publish-ahead time
 */
@ConfigurationProperties("cardea.keys")
public record KeySettings(@DefaultValue("90d") Duration rotationInterval, @DefaultValue("1d") Duration publishAhead,
        @DefaultValue("10s") Duration refresh, @DefaultValue("1m") Duration checkInterval,
        @DefaultValue("ES256") String accessTokenAlgorithm, @DefaultValue("1h") Duration jwksMaxAge) {

    RotationPolicy policy() {
        return new RotationPolicy(rotationInterval, publishAhead, refresh);
    }

    SigningAlgorithm accessTokens() {
        return SigningAlgorithm.named("CARDEA_KEYS_ACCESS_TOKEN_ALGORITHM", accessTokenAlgorithm);
    }

    /**
     * The JWKS answer's {@code max-age}: a relying party that honours it has fetched every next key
     * before that key signs, since a next key is published for the publish-ahead time first. Half of
     * it leaves room for the instances' refresh time and for clocks that disagree.
     */
    public Duration jwksCacheLifetime() {
        Duration half = publishAhead.dividedBy(2);
        return jwksMaxAge.compareTo(half) < 0 ? jwksMaxAge : half;
    }
}
