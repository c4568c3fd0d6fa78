package io.cardea.server.identity;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionOperations;

/** Identities: registration, the password rules and hashes, and where they are stored. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({PasswordSettings.class, SignUpThrottleSettings.class})
@Import(RegistrationController.class)
public class IdentityConfiguration {

    @Bean
    IdentityStore identityStore(JdbcClient jdbc) {
        return new IdentityStore(jdbc);
    }

    @Bean
    PasswordHasher passwordHasher(PasswordSettings settings, MeterRegistry registry) {
        return new PasswordHasher(settings.argon2(), registry);
    }

    @Bean
    NewPassword newPassword(PasswordHasher hasher, PasswordSettings settings) {
        return new NewPassword(new PasswordPolicy(settings.minLength()), hasher);
    }

    @Bean
    Registration registration(IdentityStore store, PasswordHasher hasher, PasswordSettings settings, JdbcClient jdbc,
            SignUpThrottleSettings throttle, ObjectProvider<SignUpVerification> verification,
            TransactionOperations transactions) {
        return new Registration(store, new PasswordPolicy(settings.minLength()), hasher,
                new SignUpThrottle(jdbc, throttle), verification.getIfAvailable(() -> SignUpVerification.NONE),
                transactions);
    }
}
