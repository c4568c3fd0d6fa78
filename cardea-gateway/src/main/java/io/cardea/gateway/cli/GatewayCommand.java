package io.cardea.gateway.cli;

import io.cardea.gateway.Gateway;
import io.cardea.gateway.GatewaySettings;
import io.cardea.gateway.HumanDuration;
import io.cardea.gateway.admin.AdminToken;
import io.cardea.gateway.ratelimit.RateLimit;
import io.cardea.gateway.upstream.Balancing;
import io.cardea.gateway.upstream.Upstream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cardea gateway}: runs the reverse proxy in front of Cardea's server instances. */
@Command(name = "gateway", mixinStandardHelpOptions = true,
        description = {
            "Runs the reverse proxy in front of Cardea's server instances. An upgrade switches its upstream set",
            "through the admin API (token from " + AdminToken.ENVIRONMENT + " or --admin-token-file);",
            "removed instances finish their requests before they are reported drained."},
        footer = {"", "Example:",
            "  CARDEA_GATEWAY_ADMIN_TOKEN=$(openssl rand -hex 32) cardea gateway --listen 0.0.0.0:8080 \\",
            "      --upstream http://127.0.0.1:4433 --upstream http://127.0.0.1:4434"})
public final class GatewayCommand implements Callable<Integer> {

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "0.0.0.0:8080",
            description = "Where users connect (default: ${DEFAULT-VALUE}).")
    String listen;

    @Option(names = "--admin-listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8089",
            description = "The admin API; keep it on loopback or a private network (default: ${DEFAULT-VALUE}).")
    String adminListen;

    @Option(names = "--upstream", paramLabel = "URL", description = "A server instance, e.g. http://127.0.0.1:4433. Repeat for each.")
    List<String> upstreams = new ArrayList<>();

    @Option(names = "--health-interval", paramLabel = "DURATION", defaultValue = "1s",
            description = "How often each upstream's /health/ready is polled (default: ${DEFAULT-VALUE}).")
    String healthInterval;

    @Option(names = "--upstream-timeout", paramLabel = "DURATION", defaultValue = "30s",
            description = "Longest an upstream may take to answer a request; then 502 (default: ${DEFAULT-VALUE}).")
    String upstreamTimeout;

    @Option(names = "--rate-limit", paramLabel = "PER_SECOND", defaultValue = "5",
            description = "Sign-in and token POSTs per second per client address (default: ${DEFAULT-VALUE}).")
    double ratePerSecond;

    @Option(names = "--rate-burst", paramLabel = "N", defaultValue = "10",
            description = "How many of them may come at once (default: ${DEFAULT-VALUE}).")
    int rateBurst;

    @Option(names = "--rate-limit-path", paramLabel = "PATH",
            description = "A path to rate-limit, with everything below it. Repeat for each (default: /self-service/login and /oauth2/token).")
    List<String> rateLimitPaths = new ArrayList<>();

    @Option(names = "--trust-forwarded-from", paramLabel = "IP",
            description = "A proxy in front (e.g. a load balancer) whose X-Forwarded-* headers are believed. Repeat for each.")
    List<String> trustedProxies = new ArrayList<>();

    @Option(names = "--balancing", paramLabel = "HOW", defaultValue = "${env:" + Balancing.ENVIRONMENT + ":-least-busy}",
            description = "Which member takes a new request: least-busy (fewest in flight) or round-robin (each in turn); "
                    + "default: $" + Balancing.ENVIRONMENT + ", else least-busy.")
    String balancing;

    @Option(names = "--admin-token-file", paramLabel = "FILE",
            description = "File holding the admin API token (default: the " + AdminToken.ENVIRONMENT + " environment variable).")
    Path adminTokenFile;

    @Override
    public Integer call() throws Exception {
        var settings = new GatewaySettings(address(listen, "--listen"), address(adminListen, "--admin-listen"),
                upstreams.stream().map(Upstream::parseUrl).distinct().toList(),
                HumanDuration.parse(healthInterval), HumanDuration.parse(upstreamTimeout),
                new RateLimit(ratePerSecond, rateBurst, rateLimitPaths.isEmpty() ? RateLimit.DEFAULT_PATHS : rateLimitPaths),
                trustedProxies.stream().map(GatewayCommand::literalAddress).collect(Collectors.toSet()),
                new AdminToken(token()), Balancing.named("--balancing (or " + Balancing.ENVIRONMENT + ")", balancing));
        try (Gateway gateway = Gateway.start(settings)) {
            System.out.println("cardea gateway: serving on " + gateway.address() + ", admin API on " + gateway.adminAddress()
                    + ", upstreams " + settings.upstreams());
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
                try {
                    gateway.close();
                } catch (Exception e) {
                    System.err.println("cardea gateway: stopping failed: " + e.getMessage());
                }
            }));
            gateway.join();
        }
        return 0;
    }

    private String token() throws IOException {
        if (adminTokenFile != null) {
            if (!Files.isReadable(adminTokenFile)) {
                throw new IllegalArgumentException("--admin-token-file " + adminTokenFile + " cannot be read");
            }
            return Files.readString(adminTokenFile);
        }
        return System.getenv(AdminToken.ENVIRONMENT);
    }

    private static InetSocketAddress address(String hostPort, String option) {
        int colon = hostPort.lastIndexOf(':');
        try {
            String host = hostPort.substring(0, colon).replace("[", "").replace("]", "");
            return new InetSocketAddress(host, Integer.parseInt(hostPort.substring(colon + 1)));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(option + " must be HOST:PORT, e.g. 127.0.0.1:8080; got '" + hostPort + "'");
        }
    }

    private static InetAddress literalAddress(String ip) {
        try {
            return InetAddress.ofLiteral(ip);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--trust-forwarded-from takes an IP address, got '" + ip + "'");
        }
    }
}
