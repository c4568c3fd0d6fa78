package io.cardea.gateway.proxy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.HostPort;

/**
 * The {@code X-Forwarded-*} headers the server builds its issuer and redirect URLs from, and the
 * client address rate limits count by. A client could claim any of them, so they are taken from the
 * request only when it comes from a proxy the operator named; otherwise the gateway states its own
 * view of the connection and drops what the client sent.
 */
public final class ForwardedHeaders {

    static final String FOR = "X-Forwarded-For";
    static final String PROTO = "X-Forwarded-Proto";
    static final String HOST = "X-Forwarded-Host";
    static final String PORT = "X-Forwarded-Port";
    // Every header a server might read the original client from; only the ones set below survive.
    private static final List<String> CLIENT_CLAIMS = List.of(
            "Forwarded", FOR, PROTO, HOST, PORT, "X-Forwarded-Prefix", "X-Forwarded-Server", "X-Real-IP");

    private final Set<InetAddress> trustedProxies;

    public ForwardedHeaders(Set<InetAddress> trustedProxies) {
        this.trustedProxies = Set.copyOf(trustedProxies);
    }

    /** The address of the client: the peer, or the last address a trusted proxy in front added. */
    public String clientAddress(Request request) {
        String peer = Request.getRemoteAddr(request);
        if (fromTrustedProxy(request)) {
            List<String> chain = chain(request.getHeaders());
            if (!chain.isEmpty()) {
                return chain.getLast();
            }
        }
        return peer;
    }

    void apply(Request request, HttpFields.Mutable toServer) {
        HttpFields fromClient = request.getHeaders();
        boolean trusted = fromTrustedProxy(request);
        String peer = Request.getRemoteAddr(request);

        String forwardedFor = peer;
        String proto = request.isSecure() ? "https" : "http";
        String host = fromClient.get(HttpHeader.HOST);
        if (host == null) {
            host = Request.getServerName(request);
        }
        String port = null;
        if (trusted) {
            List<String> chain = chain(fromClient);
            forwardedFor = chain.isEmpty() ? peer : String.join(", ", chain) + ", " + peer;
            proto = fromClient.get(PROTO) != null ? fromClient.get(PROTO) : proto;
            host = fromClient.get(HOST) != null ? fromClient.get(HOST) : host;
            port = fromClient.get(PORT);
        }
        if (port == null) {
            // The port the client typed, which is in Host; not the port the gateway listens on,
            // which differs whenever a NAT or container port mapping sits in between.
            port = String.valueOf(new HostPort(host).getPort(proto.equals("https") ? 443 : 80));
        }

        CLIENT_CLAIMS.forEach(toServer::remove);
        toServer.put(FOR, forwardedFor);
        toServer.put(PROTO, proto);
        toServer.put(HOST, host);
        toServer.put(PORT, port);
    }

    private boolean fromTrustedProxy(Request request) {
        return !trustedProxies.isEmpty()
                && request.getConnectionMetaData().getRemoteSocketAddress() instanceof InetSocketAddress remote
                && trustedProxies.contains(remote.getAddress());
    }

    private static List<String> chain(HttpFields headers) {
        return headers.getCSV(FOR, false).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
