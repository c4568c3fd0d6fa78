package io.cardea.server.pages;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Cardea's own pages for people: sign-up, signed-out and error here; sign-in and consent with the
 * OAuth2 flow they belong to. Thymeleaf templates, one stylesheet ({@code /cardea.css}), no script;
 * their texts in the reader's language ({@link PageLocale}, bundle {@code i18n/pages}), and the
 * operator's branding and theme ({@link Branding}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({MaintenanceBanner.Settings.class, BrandingSettings.class})
@Import({SignUpPage.class, SignOutPage.class, ErrorPage.class, PageErrors.class, BrandingStylesheet.class})
public class PagesConfiguration {

    @Bean
    MaintenanceBanner maintenanceBanner(MaintenanceBanner.Settings settings) {
        return new MaintenanceBanner(settings);
    }

    /** Named so, templates find it as {@code @branding}. */
    @Bean
    Branding branding(BrandingSettings settings) {
        return new Branding(settings);
    }

    /** Named so, the DispatcherServlet takes it for every request's language. */
    @Bean
    LocaleResolver localeResolver() {
        return new PageLocale();
    }

    @Bean
    ThemeTemplates themeTemplates(Branding branding) {
        return new ThemeTemplates(branding);
    }

    /** The theme's {@code static/} folder under {@code /theme/}. */
    @Bean
    WebMvcConfigurer themeFiles(Branding branding) {
        return new WebMvcConfigurer() {
            @Override
            public void addResourceHandlers(ResourceHandlerRegistry registry) {
                if (branding.theme() != null) {
                    registry.addResourceHandler("/theme/**")
                            .addResourceLocations(branding.theme().resolve("static").toUri().toString());
                }
            }
        };
    }
}
