package io.cardea.gateway;

import io.cardea.gateway.admin.AdminApi;
import io.cardea.gateway.metrics.GatewayMetrics;
import io.cardea.gateway.proxy.ForwardedHeaders;
import io.cardea.gateway.proxy.UpstreamProxy;
import io.cardea.gateway.ratelimit.SignInRateLimit;
import io.cardea.gateway.upstream.HealthCheck;
import io.cardea.gateway.upstream.UpstreamSet;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A running gateway: the public port proxying to the upstream set, and the admin port. Two Jetty
 * servers rather than two connectors on one, so the admin API can never be reached through the
 * public port whatever the routing.
 */
public final class Gateway implements AutoCloseable {

    private final Server proxyServer;
    private final Server adminServer;
    private final HttpClient healthClient;
    private final HealthCheck health;
    private final UpstreamSet upstreams;

    private Gateway(Server proxyServer, Server adminServer, HttpClient healthClient, HealthCheck health, UpstreamSet upstreams) {
        this.proxyServer = proxyServer;
        this.adminServer = adminServer;
        this.healthClient = healthClient;
        this.health = health;
        this.upstreams = upstreams;
    }

    public static Gateway start(GatewaySettings settings) throws Exception {
        var metrics = new GatewayMetrics();
        var upstreams = new UpstreamSet(settings.balancing());
        var healthClient = new HttpClient();
        healthClient.setExecutor(threads("cardea-gateway-probe", 8));
        healthClient.start();
        var health = new HealthCheck(upstreams, healthClient, settings.healthInterval());
        Map<URI, Boolean> ready = health.probeNow(settings.upstreams());
        upstreams.replace(settings.upstreams(), ready::get);

        var forwarded = new ForwardedHeaders(settings.trustedProxies());
        var proxy = new UpstreamProxy(upstreams, forwarded, metrics, settings.upstreamTimeout());
        Handler publicHandler = new SignInRateLimit(settings.rateLimit(), forwarded::clientAddress, metrics, proxy);
        Server proxyServer = server("cardea-gateway", 200, settings.listen(), publicHandler);
        Server adminServer = server("cardea-gateway-admin", 8, settings.adminListen(),
                new AdminApi(settings.adminToken(), upstreams, health, metrics));
        var gateway = new Gateway(proxyServer, adminServer, healthClient, health, upstreams);
        try {
            proxyServer.start();
            adminServer.start();
            health.start();
        } catch (Exception e) {
            gateway.close();
            throw e;
        }
        return gateway;
    }

    private static QueuedThreadPool threads(String name, int max) {
        var pool = new QueuedThreadPool(max, Math.min(max, 4));
        pool.setName(name);
        return pool;
    }

    private static Server server(String name, int maxThreads, InetSocketAddress address, Handler handler) {
        var server = new Server(threads(name, maxThreads));
        var http = new HttpConfiguration();
        // Says nothing about the software version to whoever connects.
        http.setSendServerVersion(false);
        var connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(address.getHostString());
        connector.setPort(address.getPort());
        server.addConnector(connector);
        server.setHandler(handler);
        return server;
    }

    /** The public port's URL, e.g. {@code http://127.0.0.1:8080}. */
    public URI address() {
        return url(proxyServer);
    }

    public URI adminAddress() {
        return url(adminServer);
    }

    public UpstreamSet upstreams() {
        return upstreams;
    }

    private static URI url(Server server) {
        var connector = (ServerConnector) server.getConnectors()[0];
        String host = connector.getHost() == null || connector.getHost().equals("0.0.0.0") ? "127.0.0.1" : connector.getHost();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + connector.getLocalPort());
    }

    /** Blocks until the gateway is stopped. */
    public void join() throws InterruptedException {
        proxyServer.join();
    }

    @Override
    public void close() throws Exception {
        health.close();
        adminServer.stop();
        proxyServer.stop();
        healthClient.stop();
    }
}
