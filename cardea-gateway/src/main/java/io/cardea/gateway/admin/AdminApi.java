package io.cardea.gateway.admin;

import io.cardea.gateway.Answer;
import io.cardea.gateway.HumanDuration;
import io.cardea.gateway.metrics.GatewayMetrics;
import io.cardea.gateway.upstream.HealthCheck;
import io.cardea.gateway.upstream.Upstream;
import io.cardea.gateway.upstream.UpstreamSet;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * The gateway's admin port: the upstream set (read, replace), drain status and metrics. Every
 * endpoint asks for the bearer token, metrics included.
 */
public final class AdminApi extends Handler.Abstract {

    private static final int MAX_BODY = 64 * 1024;
    private static final Duration MAX_WAIT = Duration.ofMinutes(10);

    private final AdminToken token;
    private final UpstreamSet upstreams;
    private final HealthCheck health;
    private final GatewayMetrics metrics;

    public AdminApi(AdminToken token, UpstreamSet upstreams, HealthCheck health, GatewayMetrics metrics) {
        this.token = token;
        this.upstreams = upstreams;
        this.health = health;
        this.metrics = metrics;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!token.admits(request.getHeaders().get(HttpHeader.AUTHORIZATION))) {
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
            Answer.error(response, callback, HttpStatus.UNAUTHORIZED_401, "unauthorized",
                    "send Authorization: Bearer <the gateway admin token>");
            return true;
        }
        String route = request.getMethod() + " " + request.getHttpURI().getPath();
        switch (route) {
            case "GET /upstreams" -> showSet(response, callback);
            case "PUT /upstreams" -> replaceSet(request, response, callback);
            case "GET /upstreams/drained" -> drained(request, response, callback);
            case "GET /metrics" -> {
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, GatewayMetrics.CONTENT_TYPE);
                Content.Sink.write(response, true, metrics.render(upstreams.views()), callback);
            }
            case "GET /metrics/upstreams" -> Answer.json(response, callback, HttpStatus.OK_200,
                    Map.of("upstreams", metrics.figures().stream().map(UpstreamsJson::write).toList()));
            default -> Answer.error(response, callback, HttpStatus.NOT_FOUND_404, "not_found",
                    "no " + route + "; the admin API has GET|PUT /upstreams, GET /upstreams/drained, GET /metrics "
                            + "and GET /metrics/upstreams");
        }
        return true;
    }

    private void showSet(Response response, Callback callback) {
        Answer.json(response, callback, HttpStatus.OK_200,
                Map.of("upstreams", upstreams.views().stream().map(UpstreamsJson::write).toList()));
    }

    private void replaceSet(Request request, Response response, Callback callback) throws Exception {
        if (request.getLength() > MAX_BODY) {
            Answer.error(response, callback, HttpStatus.PAYLOAD_TOO_LARGE_413, "too_large", "the body is over " + MAX_BODY + " bytes");
            return;
        }
        List<URI> urls;
        try {
            urls = UpstreamsJson.readSet(Content.Source.asString(request, StandardCharsets.UTF_8));
        } catch (UpstreamsJson.Malformed e) {
            Answer.error(response, callback, HttpStatus.BAD_REQUEST_400, "malformed_json", e.getMessage());
            return;
        } catch (IllegalArgumentException e) {
            Answer.error(response, callback, HttpStatus.BAD_REQUEST_400, "invalid_upstreams", e.getMessage());
            return;
        }
        // New members are checked before the switch so they take traffic the moment it happens, and
        // a set of which none is ready (a typo, instances still starting) is refused rather than
        // cutting every user off.
        Map<URI, Boolean> ready = health.probeNow(urls.stream().filter(u -> isMember(u) == null).toList());
        boolean anyReady = urls.stream().anyMatch(u -> isMember(u) != null ? isMember(u).healthy() : ready.get(u));
        if (!anyReady) {
            Answer.error(response, callback, HttpStatus.CONFLICT_409, "no_ready_upstream",
                    "none of " + urls + " answers 200 on " + HealthCheck.PATH + "; the set is unchanged");
            return;
        }
        upstreams.replace(urls, ready::get);
        showSet(response, callback);
    }

    private Upstream isMember(URI url) {
        Upstream known = upstreams.find(url);
        return known != null && !known.removed() ? known : null;
    }

    private void drained(Request request, Response response, Callback callback) {
        Fields query = Request.extractQueryParameters(request);
        URI url;
        Duration wait;
        try {
            url = Upstream.parseUrl(required(query, "upstream"));
            wait = query.getValue("wait") == null ? Duration.ZERO : HumanDuration.parse(query.getValue("wait"));
        } catch (IllegalArgumentException e) {
            Answer.error(response, callback, HttpStatus.BAD_REQUEST_400, "invalid_query", e.getMessage());
            return;
        }
        Upstream upstream = upstreams.find(url);
        if (upstream == null || !upstream.removed() || wait.isZero()) {
            answerDrained(url, upstream, response, callback);
            return;
        }
        long waitMillis = Math.min(wait.toMillis(), MAX_WAIT.toMillis());
        upstream.drained().toCompletableFuture()
                .completeOnTimeout(null, waitMillis, TimeUnit.MILLISECONDS)
                .thenRun(() -> answerDrained(url, upstream, response, callback));
    }

    private static String required(Fields query, String name) {
        String value = query.getValue(name);
        if (value == null) {
            throw new IllegalArgumentException("the query parameter '" + name + "' is missing");
        }
        return value;
    }

    private static void answerDrained(URI url, Upstream upstream, Response response, Callback callback) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("upstream", url.toString());
        // One the gateway no longer knows has nothing in flight: it drained, or never was a member.
        body.put("drained", upstream == null || upstream.isDrained());
        body.put("state", upstream == null ? "gone" : upstream.view().state());
        body.put("inFlight", upstream == null ? 0 : upstream.inFlight());
        Answer.json(response, callback, HttpStatus.OK_200, body);
    }
}
