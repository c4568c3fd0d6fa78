package io.cardea.server.keys;

import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The token signing keys, their rotation schedule, the system secret that protects them, and the
 * cookie secret that signs what browsers keep.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(KeySettings.class)
@Import(AdminKeysController.class)
public class KeysConfiguration {

    /** @param systemSecret env {@code CARDEA_SECRETS_SYSTEM} */
    @Bean
    SystemSecret systemSecret(@Value("${cardea.secrets.system:}") String systemSecret) {
        return new SystemSecret(systemSecret);
    }

    /** @param cookieSecret env {@code CARDEA_SECRETS_COOKIE} */
    @Bean
    CookieSecret cookieSecret(@Value("${cardea.secrets.cookie:}") String cookieSecret) {
        return new CookieSecret(cookieSecret);
    }

    @Bean
    KeyRing keyRing(DataSource dataSource, SystemSecret secret, KeySettings settings) {
        return new KeyRing(dataSource, secret, settings.policy(), settings.accessTokens());
    }

    @Bean
    SecretRollover secretRollover(DataSource dataSource, SystemSecret secret) {
        return new SecretRollover(dataSource, secret);
    }

    @Bean
    SigningKeyRing signingKeyRing(ObjectProvider<KeyRing> ring, ObjectProvider<SystemSecret> secret,
            ObjectProvider<SecretRollover> rollover, KeySettings settings) {
        return new SigningKeyRing(ring, secret, rollover, settings.policy());
    }

    @Bean
    RotationSchedule rotationSchedule(KeyRing ring, KeySettings settings) {
        return new RotationSchedule(ring, settings);
    }
}
