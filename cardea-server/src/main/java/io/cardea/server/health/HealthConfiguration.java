package io.cardea.server.health;

import io.cardea.server.keys.SigningKeyRing;
import io.cardea.server.schema.SchemaCheck;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The health probes and the drain on shutdown. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HealthConfiguration.ShutdownSettings.class)
@Import(HealthController.class)
public class HealthConfiguration {

    /**
     * @param drainDelay how long readiness reports 503 before the server stops taking requests
     *     (env CARDEA_SHUTDOWN_DRAIN_DELAY); match it to how often the load balancer probes
     */
    @ConfigurationProperties("cardea.shutdown")
    public record ShutdownSettings(@DefaultValue("5s") Duration drainDelay) {}

    @Bean
    ServingState servingState() {
        return new ServingState();
    }

    @Bean
    Drain drain(ServingState state, ShutdownSettings settings) {
        return new Drain(state, settings.drainDelay());
    }

    @Bean
    Readiness readiness(ServingState state, JdbcClient jdbc, SchemaCheck schema, SigningKeyRing keys) {
        return new Readiness(state, jdbc, schema, keys);
    }
}
