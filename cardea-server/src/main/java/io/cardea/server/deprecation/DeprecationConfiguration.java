package io.cardea.server.deprecation;

import io.cardea.migrate.registry.Deprecation;
import io.cardea.migrate.registry.RunningRelease;
import java.util.List;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ResourceLoader;

/**
 * What this release deprecated, as its manifest lists it: deprecated endpoints answer with
 * {@code Deprecation} and {@code Sunset} headers, deprecated settings that are set are logged at start.
 */
@Configuration(proxyBeanMethods = false)
public class DeprecationConfiguration {

    /** From the manifest the application's class loader finds (a test puts its own first). */
    @Bean
    ReleaseDeprecations releaseDeprecations(ResourceLoader loader) {
        return new ReleaseDeprecations(RunningRelease.deprecations(loader.getClassLoader()));
    }

    /**
     * Registered always, so that a build's ahead-of-time preparation (which fixes which beans exist)
     * has it; enabled only when an endpoint is deprecated, so that otherwise no request pays for it.
     */
    @Bean
    FilterRegistrationBean<DeprecationHeaders> deprecationHeaders(ReleaseDeprecations deprecations) {
        List<Deprecation> http = deprecations.http();
        var registration = new FilterRegistrationBean<>(new DeprecationHeaders(http));
        registration.setName(DeprecationHeaders.NAME);
        registration.setEnabled(!http.isEmpty());
        // First, so that answers given by later filters (Spring Security's redirects, refusals) carry the headers too.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    DeprecatedSettingsWarning deprecatedSettingsWarning(ReleaseDeprecations deprecations,
            ConfigurableEnvironment environment) {
        return new DeprecatedSettingsWarning(deprecations.settings(), environment);
    }

    /** The running release's deprecations. */
    public record ReleaseDeprecations(List<Deprecation> all) {

        public ReleaseDeprecations {
            all = List.copyOf(all);
        }

        List<Deprecation> http() {
            return all.stream().filter(d -> d.kind().http()).toList();
        }

        List<Deprecation> settings() {
            return all.stream().filter(d -> d.kind() == Deprecation.Kind.SETTING).toList();
        }
    }
}
