package io.cardea.server.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;

/** What every HTTP request goes through: the body size cap and the JSON error answers. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebConfiguration.HttpSettings.class)
@Import(ApiErrors.class)
public class WebConfiguration {

    /**
     * @param maxBodySize the largest request body accepted (env CARDEA_HTTP_MAX_BODY_SIZE); Tomcat's
     *     form size limit follows it (defaults.properties)
     */
    @ConfigurationProperties("cardea.http")
    public record HttpSettings(@DefaultValue("64KB") DataSize maxBodySize) {}

    /**
     * Before Spring Security's filter chain and every other filter that may read the body (the token
     * shortcut, the CSRF check): only the filters that add headers or renew the session cookie, which
     * read no body, come first.
     */
    @Bean
    FilterRegistrationBean<BodySizeLimit> bodySizeLimit(HttpSettings settings) {
        var registration = new FilterRegistrationBean<>(new BodySizeLimit(settings.maxBodySize().toBytes()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }
}
