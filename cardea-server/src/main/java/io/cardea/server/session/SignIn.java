package io.cardea.server.session;

import io.cardea.server.identity.IdentityStore;
import io.cardea.server.identity.PasswordHasher;
import io.cardea.server.web.RequestRefused;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.springframework.http.HttpStatus;

/** Checks an email and password and opens a session. */
final class SignIn {

    /** The refusal of the right password for an address that must be verified first. */
    static final String EMAIL_NOT_VERIFIED = "email_not_verified";

    /** A new session and the token that opens it, which the browser alone keeps. */
    record Opened(Session session, SessionToken token) {}

    private final IdentityStore identities;
    private final PasswordHasher hasher;
    private final SessionStore sessions;
    private final SignInThrottle throttle;
    private final MeterRegistry registry;
    private final BooleanSupplier verifiedEmailRequired;
    /** Verified against when the email is unknown, so that answer takes as long as a wrong password. */
    private final String decoyHash;

    /** @param verifiedEmailRequired asked at each sign-in: whether an unverified address is refused */
    SignIn(IdentityStore identities, PasswordHasher hasher, SessionStore sessions, SignInThrottle throttle,
            MeterRegistry registry, BooleanSupplier verifiedEmailRequired) {
        this.identities = identities;
        this.hasher = hasher;
        this.sessions = sessions;
        this.throttle = throttle;
        this.registry = registry;
        this.verifiedEmailRequired = verifiedEmailRequired;
        this.decoyHash = hasher.decoy();
    }

    /** Signs in, counting the outcome in {@code cardea_sign_in_total}. */
    Opened signIn(String email, String password, String userAgent, String ipAddress) {
        try {
            Opened opened = check(email, password, userAgent, ipAddress);
            count("success");
            return opened;
        } catch (RequestRefused e) {
            count(e.error().error());
            throw e;
        }
    }

    private Opened check(String email, String password, String userAgent, String ipAddress) {
        if (email == null || password == null) {
            throw wrongCredentials();
        }
        throttle.check(email, ipAddress);
        Optional<IdentityStore.WithPassword> found = identities.findByEmail(email.strip());
        boolean matches = hasher.matches(password, found.map(IdentityStore.WithPassword::passwordHash).orElse(decoyHash));
        if (found.isEmpty() || !matches) {
            throttle.failed(email, ipAddress);
            throw wrongCredentials();
        }
        throttle.succeeded(email);
        var identity = found.get().identity();
        if (!identity.active()) {
            throw new RequestRefused(HttpStatus.FORBIDDEN, "identity_disabled", null,
                    "This account is disabled.");
        }
        // Only now, after the right password: a wrong one learns nothing of the address.
        if (verifiedEmailRequired.getAsBoolean()
                && !identities.emailOf(identity.id()).map(IdentityStore.Email::verified).orElse(false)) {
            throw new RequestRefused(HttpStatus.FORBIDDEN, EMAIL_NOT_VERIFIED, null, "Confirm your email address "
                    + "first: open the link in the mail we sent you, or ask for a new mail.");
        }
        if (hasher.outdated(found.get().passwordHash())) {
            identities.replacePasswordHash(identity.id(), hasher.hash(password));
        }
        SessionToken token = SessionToken.generate();
        return new Opened(sessions.create(identity.id(), token, userAgent, ipAddress), token);
    }

    private void count(String outcome) {
        registry.counter("cardea.sign.in", "outcome", outcome).increment();
    }

    private static RequestRefused wrongCredentials() {
        return new RequestRefused(HttpStatus.UNAUTHORIZED, "invalid_credentials", null,
                "The email address or the password is wrong.");
    }
}
