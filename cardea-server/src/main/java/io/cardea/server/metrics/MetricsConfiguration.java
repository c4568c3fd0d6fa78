package io.cardea.server.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Prometheus metrics: per-endpoint rates and latencies, and what the other capabilities count. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MetricsConfiguration.MetricsSettings.class)
@Import(MetricsController.class)
public class MetricsConfiguration {

    /**
     * @param token when set, {@code /metrics} requires {@code Authorization: Bearer <token>} (env
     *     CARDEA_METRICS_TOKEN); when not, it answers only requests from this machine
     */
    @ConfigurationProperties("cardea.metrics")
    public record MetricsSettings(String token) {
        @Override
        public String toString() {
            return "MetricsSettings[token=" + (token == null ? "none" : "***") + "]";
        }
    }

    @Bean
    PrometheusMeterRegistry meterRegistry() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    @Bean
    RequestMetrics requestMetrics(MeterRegistry registry) {
        return new RequestMetrics(registry);
    }
}
