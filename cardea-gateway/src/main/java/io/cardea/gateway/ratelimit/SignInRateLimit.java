package io.cardea.gateway.ratelimit;

import io.cardea.gateway.Answer;
import io.cardea.gateway.metrics.GatewayMetrics;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Slows password guessing and token hammering: one token bucket per client address on the sign-in
 * and token endpoints. Over the limit the client gets 429 with {@code Retry-After}, and the servers
 * never see the request.
 */
public final class SignInRateLimit extends Handler.Wrapper {

    // Past this many tracked addresses, buckets that have refilled are dropped: they hold nothing.
    private static final int TRACKED_BEFORE_SWEEP = 10_000;

    private final RateLimit limit;
    private final Function<Request, String> clientAddress;
    private final GatewayMetrics metrics;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    public SignInRateLimit(RateLimit limit, Function<Request, String> clientAddress, GatewayMetrics metrics, Handler next) {
        super(next);
        this.limit = limit;
        this.clientAddress = clientAddress;
        this.metrics = metrics;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!limit.covers(request.getMethod(), request.getHttpURI().getPath())) {
            return super.handle(request, response, callback);
        }
        long now = System.nanoTime();
        if (buckets.size() > TRACKED_BEFORE_SWEEP) {
            buckets.values().removeIf(b -> b.full(now));
        }
        long wait = buckets.computeIfAbsent(clientAddress.apply(request), a -> new TokenBucket(limit.perSecond(), limit.burst(), now))
                .take(now);
        if (wait == 0) {
            return super.handle(request, response, callback);
        }
        metrics.rateLimited();
        long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(wait + TimeUnit.SECONDS.toNanos(1) - 1));
        response.getHeaders().put(HttpHeader.RETRY_AFTER, seconds);
        Answer.json(response, callback, 429, Map.of("error", "rate_limited",
                "message", "too many attempts from this address; retry after " + seconds + " s",
                "retryAfterSeconds", seconds));
        return true;
    }
}
