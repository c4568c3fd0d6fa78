package io.cardea.server.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.util.unit.DataSize;

/** What every HTTP request goes through: the body size cap and the JSON error answers. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebConfiguration.HttpSettings.class)
@Import(ApiErrors.class)
public class WebConfiguration {

    /** @param maxBodySize the largest request body accepted (env CARDEA_HTTP_MAX_BODY_SIZE) */
    @ConfigurationProperties("cardea.http")
    public record HttpSettings(@DefaultValue("64KB") DataSize maxBodySize) {}

    @Bean
    BodySizeLimit bodySizeLimit(HttpSettings settings) {
        return new BodySizeLimit(settings.maxBodySize().toBytes());
    }
}
