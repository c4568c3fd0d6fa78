package io.cardea.server.codes;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The one-time codes sent by mail (env {@code CARDEA_CODES_*}; docs/accounts.md).
 *
 * @param recoveryLifetime how long a recovery code and link work
 * @param verificationLifetime how long an email verification code and link work
 * @param attempts wrong codes tried for an address after which its live codes are spent
 * @param perAccount codes of one purpose sent to one account within {@code window}; more requests
 *     get the same answer and no mail, so a stranger cannot flood someone's mailbox
 * @param perAddress requests for codes from one client address within {@code window}, known email
 *     or not; more are refused with 429
 * @param window the period both limits count
 */
@ConfigurationProperties("cardea.codes")
public record CodeSettings(@DefaultValue("15m") Duration recoveryLifetime,
        @DefaultValue("24h") Duration verificationLifetime, @DefaultValue("5") int attempts,
        @DefaultValue("3") int perAccount, @DefaultValue("10") int perAddress, @DefaultValue("1h") Duration window) {

    public CodeSettings {
        for (Duration d : new Duration[] {recoveryLifetime, verificationLifetime, window}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("cardea.codes.*-lifetime and cardea.codes.window must be positive");
            }
        }
        if (attempts < 1 || perAccount < 1 || perAddress < 1) {
            throw new IllegalArgumentException("cardea.codes.attempts, per-account and per-address must be 1 or more");
        }
    }
}
