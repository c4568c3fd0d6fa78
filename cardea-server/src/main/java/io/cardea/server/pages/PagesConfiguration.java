package io.cardea.server.pages;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Cardea's own pages for people: sign-up, signed-out and error here; sign-in and consent with the
 * OAuth2 flow they belong to. Thymeleaf templates, one stylesheet ({@code /cardea.css}), no script.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MaintenanceBanner.Settings.class)
@Import({SignUpPage.class, SignOutPage.class, ErrorPage.class, PageErrors.class})
public class PagesConfiguration {

    @Bean
    MaintenanceBanner maintenanceBanner(MaintenanceBanner.Settings settings) {
        return new MaintenanceBanner(settings);
    }
}
