package io.cardea.server.session;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long sessions last (env {@code CARDEA_SESSION_IDLE_TIMEOUT}, {@code CARDEA_SESSION_LIFETIME}, ...).
 *
 * @param idleTimeout a session unused this long ends
 * @param lifetime a session ends this long after sign-in, however busy
 * @param touchInterval how stale {@code last_seen_at} may get before a request writes it again;
 *     bounds the writes a busy session costs
 * @param secureCookie whether the cookie is marked Secure (sent over HTTPS only); off only for
 *     plain-HTTP development
 */
@ConfigurationProperties("cardea.session")
public record SessionSettings(@DefaultValue("30m") Duration idleTimeout, @DefaultValue("24h") Duration lifetime,
        @DefaultValue("1m") Duration touchInterval, @DefaultValue("true") boolean secureCookie) {}
