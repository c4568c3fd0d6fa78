package io.cardea.gateway.proxy;

import io.cardea.gateway.Answer;
import io.cardea.gateway.metrics.GatewayMetrics;
import io.cardea.gateway.upstream.Upstream;
import io.cardea.gateway.upstream.UpstreamSet;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.proxy.ProxyHandler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's reverse proxy, sending each request to a member of the {@link UpstreamSet} and counting
 * it in flight there until its answer has reached the client. A request whose connection never
 * came about is sent to another member; one that may have reached an upstream is never sent twice,
 * because sign-ins and token requests are not safe to repeat.
 */
public final class UpstreamProxy extends ProxyHandler {

    private static final String ATTEMPT = UpstreamProxy.class.getName() + ".attempt";
    private static final int MAX_ATTEMPTS = 3;

    private final UpstreamSet upstreams;
    private final ForwardedHeaders forwarded;
    private final GatewayMetrics metrics;
    private final Duration timeout;

    public UpstreamProxy(UpstreamSet upstreams, ForwardedHeaders forwarded, GatewayMetrics metrics, Duration timeout) {
        this.upstreams = upstreams;
        this.forwarded = forwarded;
        this.metrics = metrics;
        this.timeout = timeout;
        // Saves Jetty's default, a host name lookup at start.
        setViaHost("cardea-gateway");
    }

    @Override
    protected void configureHttpClient(HttpClient client) {
        super.configureHttpClient(client);
        // A refused or unanswered connect is retried elsewhere; no point waiting long for it.
        client.setConnectTimeout(3_000);
        // Below the idle timeouts servers commonly use, so the gateway closes an idle connection
        // before the server does and rarely writes a request onto a connection being closed.
        client.setIdleTimeout(15_000);
        client.setMaxConnectionsPerDestination(512);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        metrics.request();
        forward(request, response, callback, Set.of());
        return true;
    }

    private void forward(Request request, Response response, Callback callback, Set<Upstream> tried) {
        Upstream upstream = upstreams.acquire(tried);
        if (upstream == null) {
            metrics.noUpstream();
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
            Answer.error(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, "no_upstream_ready",
                    "no Cardea server behind this gateway is ready");
            return;
        }
        request.setAttribute(ATTEMPT, new Attempt(upstream, tried, metrics.upstream(upstream.url())));
        super.handle(request, response, callback);
    }

    @Override
    protected HttpURI rewriteHttpURI(Request request) {
        Attempt attempt = (Attempt) request.getAttribute(ATTEMPT);
        HttpURI original = request.getHttpURI();
        return HttpURI.build(attempt.upstream().url().toString()).path(original.getPath()).query(original.getQuery());
    }

    @Override
    protected org.eclipse.jetty.client.Request newProxyToServerRequest(Request request, HttpURI uri) {
        Attempt attempt = (Attempt) request.getAttribute(ATTEMPT);
        return super.newProxyToServerRequest(request, uri)
                .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .attribute(ATTEMPT, attempt)
                .onRequestBegin(r -> attempt.connected());
    }

    @Override
    protected org.eclipse.jetty.client.Request.Content newProxyToServerRequestContent(Request request, Response response,
            org.eclipse.jetty.client.Request toServer) {
        return new RequestBody(request, attempt(toServer));
    }

    /** The client's request body, kept whole when an attempt fails before reading any of it. */
    private static final class RequestBody extends ProxyRequestContent {
        private final Attempt attempt;

        RequestBody(Request request, Attempt attempt) {
            super(request);
            this.attempt = attempt;
        }

        @Override
        public void fail(Throwable failure) {
            // Failing it would fail the client's request, and the next attempt would read that failure.
            if (!attempt.provablyUnsent()) {
                super.fail(failure);
            }
        }
    }

    @Override
    protected void addProxyHeaders(Request request, org.eclipse.jetty.client.Request toServer) {
        addViaHeader(request, toServer);
        toServer.headers(headers -> forwarded.apply(request, headers));
    }

    @Override
    protected void onServerToProxyResponseFailure(Request request, org.eclipse.jetty.client.Request toServer,
            org.eclipse.jetty.client.Response fromServer, Response response, Callback callback, Throwable failure) {
        Attempt attempt = attempt(toServer);
        attempt.failed();
        Set<Upstream> tried = attempt.triedSoFar();
        if (attempt.provablyUnsent() && tried.size() < MAX_ATTEMPTS) {
            // Until its next passed health check, so the requests behind this one skip it too.
            attempt.upstream().markUnreachable();
            metrics.retry();
            forward(request, response, callback, tried);
            return;
        }
        if (!response.isCommitted()) {
            // Drops the status and headers of an answer that broke off, such as its Content-Length.
            response.reset();
        }
        // Also for timeouts (rather than 504): to the client both mean the same, "not answered, maybe done".
        Response.writeError(request, response, callback, HttpStatus.BAD_GATEWAY_502);
    }

    @Override
    protected void onProxyToClientResponseComplete(Request request, org.eclipse.jetty.client.Request toServer,
            org.eclipse.jetty.client.Response fromServer, Response response, Callback callback) {
        attempt(toServer).answered(fromServer != null ? fromServer.getStatus() : response.getStatus());
        super.onProxyToClientResponseComplete(request, toServer, fromServer, response, callback);
    }

    @Override
    protected void onProxyToClientResponseFailure(Request request, org.eclipse.jetty.client.Request toServer,
            org.eclipse.jetty.client.Response fromServer, Response response, Callback callback, Throwable failure) {
        attempt(toServer).failed();
        super.onProxyToClientResponseFailure(request, toServer, fromServer, response, callback, failure);
    }

    private static Attempt attempt(org.eclipse.jetty.client.Request toServer) {
        return (Attempt) toServer.getAttributes().get(ATTEMPT);
    }
}
