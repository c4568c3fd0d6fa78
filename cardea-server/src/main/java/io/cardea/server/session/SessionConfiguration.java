package io.cardea.server.session;

import io.cardea.server.codes.AccountMail;
import io.cardea.server.identity.IdentityStore;
import io.cardea.server.identity.PasswordHasher;
import io.cardea.server.identity.SignUpThrottleSettings;
import io.cardea.server.keys.CookieSecret;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
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
    SignOutEverywhere signOutEverywhere(JdbcClient jdbc) {
        return new SignOutEverywhere(jdbc);
    }

    @Bean
    SessionCookie sessionCookie(SessionSettings settings, ObjectProvider<CookieSecret> secret) {
        return new SessionCookie(settings, secret);
    }

    /** Before Spring Security's filters, which answer some requests (such as redirects) without going further. */
    @Bean
    FilterRegistrationBean<SessionCookieRenewal> sessionCookieRenewal(SessionCookie cookie, SessionStore sessions) {
        var registration = new FilterRegistrationBean<>(new SessionCookieRenewal(cookie, sessions));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    SessionPurge sessionPurge(JdbcClient jdbc, TransactionTemplate transactions) {
        return new SessionPurge(jdbc, transactions);
    }

    @Bean
    ThrottlePurge throttlePurge(JdbcClient jdbc, TransactionTemplate transactions, SignInThrottleSettings signIn,
            SignUpThrottleSettings signUp) {
        return new ThrottlePurge(jdbc, transactions, signIn, signUp);
    }

    @Bean
    SignInThrottle signInThrottle(JdbcClient jdbc, SignInThrottleSettings settings) {
        return new SignInThrottle(jdbc, settings);
    }

    /**
     * @param requireVerifiedEmail env {@code CARDEA_SIGN_IN_REQUIRE_VERIFIED_EMAIL}: an unverified address
     *     cannot sign in, while verification mail goes out (so nobody is locked out without a way to verify)
     */
    @Bean
    SignIn signIn(IdentityStore identities, PasswordHasher hasher, SessionStore sessions, SignInThrottle throttle,
            MeterRegistry registry, AccountMail accountMail,
            @Value("${cardea.sign-in.require-verified-email:false}") boolean requireVerifiedEmail) {
        return new SignIn(identities, hasher, sessions, throttle, registry,
                () -> requireVerifiedEmail && accountMail.available());
    }

    @Bean
    OwnSessions ownSessions(SessionStore sessions, SignOutEverywhere signOut) {
        return new OwnSessions(sessions, signOut);
    }

    @Bean
    CurrentPassword currentPassword(IdentityStore identities, PasswordHasher hasher, SignInThrottle throttle) {
        return new CurrentPassword(identities, hasher, throttle);
    }

    @Bean
    BrowserSession browserSession(SignIn signIn, SessionStore sessions, SessionCookie cookie) {
        return new BrowserSession(signIn, sessions, cookie);
    }
}
