package io.cardea.server.session;

import io.cardea.server.identity.IdentityStore;
import io.cardea.server.identity.PasswordHasher;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.transaction.support.TransactionTemplate;

/** Sessions: sign-in, the session cookie, and the sessions table. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties({SessionSettings.class, SignInThrottleSettings.class})
@Import(SessionController.class)
public class SessionConfiguration {

    @Bean
    SessionStore sessionStore(JdbcClient jdbc, SessionSettings settings) {
        return new SessionStore(jdbc, settings);
    }

    @Bean
    SessionCookie sessionCookie(SessionSettings settings) {
        return new SessionCookie(settings);
    }

    @Bean
    SessionPurge sessionPurge(JdbcClient jdbc, TransactionTemplate transactions) {
        return new SessionPurge(jdbc, transactions);
    }

    @Bean
    SignInThrottle signInThrottle(JdbcClient jdbc, SignInThrottleSettings settings) {
        return new SignInThrottle(jdbc, settings);
    }

    @Bean
    SignIn signIn(IdentityStore identities, PasswordHasher hasher, SessionStore sessions, SignInThrottle throttle,
            MeterRegistry registry) {
        return new SignIn(identities, hasher, sessions, throttle, registry);
    }

    @Bean
    BrowserSession browserSession(SignIn signIn, SessionStore sessions, SessionCookie cookie) {
        return new BrowserSession(signIn, sessions, cookie);
    }
}
