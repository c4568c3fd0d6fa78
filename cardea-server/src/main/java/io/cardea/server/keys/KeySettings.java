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
 */
@ConfigurationProperties("cardea.keys")
public record KeySettings(@DefaultValue("90d") Duration rotationInterval, @DefaultValue("1d") Duration publishAhead,
        @DefaultValue("10s") Duration refresh, @DefaultValue("1m") Duration checkInterval) {

    RotationPolicy policy() {
        return new RotationPolicy(rotationInterval, publishAhead, refresh);
    }
}
