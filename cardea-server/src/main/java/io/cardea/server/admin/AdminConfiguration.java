package io.cardea.server.admin;

import io.cardea.server.keys.SecretSetting;
import io.cardea.server.oauth2.AccessTokens;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** The admin API under {@code /admin}: identities, sessions and OAuth2 clients, for the operator's tools. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AdminConfiguration.AdminSettings.class)
@Import({AdminIdentityController.class, AdminSessionController.class, AdminClientController.class})
public class AdminConfiguration implements WebMvcConfigurer {

    /**
     * @param tokens the admin API's bearer tokens (env CARDEA_ADMIN_TOKENS, comma-separated so a new
     *     token can be added before the old one is removed), each at least 32 characters so that it
     *     cannot be guessed; none: the admin API refuses everyone
     */
    @ConfigurationProperties("cardea.admin")
    public record AdminSettings(List<String> tokens) {
        public AdminSettings {
            tokens = tokens == null ? List.of() : tokens.stream().map(String::strip).filter(t -> !t.isEmpty()).toList();
            SecretSetting.requireLength("CARDEA_ADMIN_TOKENS", tokens);
        }

        @Override
        public String toString() {
            return "AdminSettings[tokens=" + tokens.size() + "]";
        }
    }

    private final AdminSettings settings;
    private final AccessTokens accessTokens;

    AdminConfiguration(AdminSettings settings, AccessTokens accessTokens) {
        this.settings = settings;
        this.accessTokens = accessTokens;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new NoStoreAnswers()).addPathPatterns("/admin/**");
        registry.addInterceptor(new AdminAuthentication(settings.tokens(), accessTokens,
                new AdminAuthenticationThrottle())).addPathPatterns("/admin/**");
    }

    @Bean
    AdminIdentities adminIdentities(JdbcClient jdbc) {
        return new AdminIdentities(jdbc);
    }
}
