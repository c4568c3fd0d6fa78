package io.cardea.server.identity;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How many self-service sign-ups one client address may make (env {@code CARDEA_SIGN_UP_THROTTLE_WINDOW},
 * {@code CARDEA_SIGN_UP_THROTTLE_PER_ADDRESS}).
 *
 * @param window sign-ups older than this are forgotten
 * @param perAddress sign-ups from one address within the window after which the next is refused with
 *     429 until the oldest leaves the window; 0 turns the throttle off
 */
@ConfigurationProperties("cardea.sign-up.throttle")
public record SignUpThrottleSettings(@DefaultValue("1h") Duration window, @DefaultValue("30") int perAddress) {

    public SignUpThrottleSettings {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("cardea.sign-up.throttle.window must be positive, got " + window);
        }
        if (perAddress < 0) {
            throw new IllegalArgumentException("cardea.sign-up.throttle.per-address must be 0 (off) or more, got "
                    + perAddress);
        }
    }
}
