package io.cardea.server.session;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How many failed sign-ins are tolerated (env {@code CARDEA_SIGN_IN_THROTTLE_WINDOW}, ...).
 *
 * @param window failures older than this are forgotten
 * @param failuresPerAccount failed sign-ins for one email address within the window after which
 *     it is refused until the oldest of them leaves the window (even with the right password)
 * @param failuresPerAddress the same for one client address, across every account it tries
 */
@ConfigurationProperties("cardea.sign-in.throttle")
public record SignInThrottleSettings(@DefaultValue("15m") Duration window, @DefaultValue("5") int failuresPerAccount,
        @DefaultValue("50") int failuresPerAddress) {}
