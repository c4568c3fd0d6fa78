package io.cardea.server.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Times every request by method, route and status ({@code http_server_requests_seconds}). The route
 * is the matched pattern, e.g. {@code /sessions/{id}}, never the raw path: raw paths would make a
 * series per session id, and ids are not for metrics.
 */
final class RequestMetrics extends OncePerRequestFilter {

    private final MeterRegistry registry;

    RequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long started = System.nanoTime();
        try {
            chain.doFilter(request, response);
        } finally {
            Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
            Timer.builder("http.server.requests")
                    .description("HTTP requests served, by route and status")
                    .tag("method", request.getMethod())
                    .tag("uri", pattern == null ? "UNMATCHED" : pattern.toString())
                    .tag("status", Integer.toString(response.getStatus()))
                    .publishPercentileHistogram()
                    .register(registry)
                    .record(Duration.ofNanos(System.nanoTime() - started));
        }
    }
}
