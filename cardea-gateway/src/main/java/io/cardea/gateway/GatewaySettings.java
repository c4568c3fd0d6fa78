package io.cardea.gateway;

import io.cardea.gateway.admin.AdminToken;
import io.cardea.gateway.ratelimit.RateLimit;
import io.cardea.gateway.upstream.Balancing;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How a gateway runs. {@code trustedProxies} are the peers whose {@code X-Forwarded-*} headers
 * are believed (a load balancer in front); from anyone else they are replaced. {@code balancing}
 * chooses the member each new request goes to.
 */
public record GatewaySettings(
        InetSocketAddress listen,
        InetSocketAddress adminListen,
        List<URI> upstreams,
        Duration healthInterval,
        Duration upstreamTimeout,
        RateLimit rateLimit,
        Set<InetAddress> trustedProxies,
        AdminToken adminToken,
        Balancing balancing) {

    public GatewaySettings {
        upstreams = List.copyOf(upstreams);
        trustedProxies = Set.copyOf(trustedProxies);
        Objects.requireNonNull(balancing, "balancing");
        if (healthInterval.toMillis() < 10) {
            throw new IllegalArgumentException("--health-interval must be at least 10ms, got " + healthInterval.toMillis() + "ms");
        }
        if (upstreamTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("--upstream-timeout must be positive");
        }
    }

    /** Loopback ports chosen by the system, no upstream yet, defaults for the rest. */
    public static GatewaySettings onLoopback(AdminToken token) {
        var loopback = InetAddress.getLoopbackAddress();
        return new GatewaySettings(new InetSocketAddress(loopback, 0), new InetSocketAddress(loopback, 0), List.of(),
                Duration.ofSeconds(1), Duration.ofSeconds(30), new RateLimit(5, 10, RateLimit.DEFAULT_PATHS), Set.of(), token,
                Balancing.LEAST_BUSY);
    }

    public GatewaySettings withUpstreams(List<URI> urls) {
        return new GatewaySettings(listen, adminListen, urls, healthInterval, upstreamTimeout, rateLimit, trustedProxies, adminToken, balancing);
    }

    public GatewaySettings withHealthInterval(Duration interval) {
        return new GatewaySettings(listen, adminListen, upstreams, interval, upstreamTimeout, rateLimit, trustedProxies, adminToken, balancing);
    }

    public GatewaySettings withRateLimit(RateLimit limit) {
        return new GatewaySettings(listen, adminListen, upstreams, healthInterval, upstreamTimeout, limit, trustedProxies, adminToken, balancing);
    }

    public GatewaySettings withBalancing(Balancing how) {
        return new GatewaySettings(listen, adminListen, upstreams, healthInterval, upstreamTimeout, rateLimit, trustedProxies, adminToken, how);
    }

    public GatewaySettings withTrustedProxies(Set<InetAddress> proxies) {
        return new GatewaySettings(listen, adminListen, upstreams, healthInterval, upstreamTimeout, rateLimit, proxies, adminToken, balancing);
    }
}
