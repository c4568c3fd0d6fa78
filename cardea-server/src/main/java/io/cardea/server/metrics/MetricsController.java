package io.cardea.server.metrics;

import io.cardea.server.web.RequestRefused;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /metrics} in Prometheus text format, for the operator's scraper only. */
@RestController
final class MetricsController {

    private static final MediaType PROMETHEUS_TEXT = MediaType.parseMediaType("text/plain;version=0.0.4;charset=utf-8");

    private final PrometheusMeterRegistry registry;
    private final byte[] token;

    MetricsController(PrometheusMeterRegistry registry, MetricsConfiguration.MetricsSettings settings) {
        this.registry = registry;
        this.token = settings.token() == null || settings.token().isBlank() ? null
                : ("Bearer " + settings.token()).getBytes(StandardCharsets.UTF_8);
    }

    @GetMapping("/metrics")
    ResponseEntity<String> metrics(HttpServletRequest request) {
        if (token != null) {
            String given = request.getHeader(HttpHeaders.AUTHORIZATION);
            if (given == null || !MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8))) {
                throw new RequestRefused(HttpStatus.UNAUTHORIZED, "unauthorized", null,
                        "Metrics need 'Authorization: Bearer <CARDEA_METRICS_TOKEN>'.");
            }
        } else if (!fromThisMachine(request)) {
            throw new RequestRefused(HttpStatus.FORBIDDEN, "forbidden", null,
                    "Metrics answer only this machine unless CARDEA_METRICS_TOKEN is set.");
        }
        return ResponseEntity.ok().contentType(PROMETHEUS_TEXT).body(registry.scrape());
    }

    private static boolean fromThisMachine(HttpServletRequest request) {
        try {
            return InetAddress.getByName(request.getRemoteAddr()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
