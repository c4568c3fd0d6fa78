package io.cardea.server.oauth2;

import io.cardea.server.session.BrowserSession;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.FactorGrantedAuthority;
import org.springframework.security.core.context.DeferredSecurityContext;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.context.HttpRequestResponseHolder;
import org.springframework.security.web.context.SecurityContextRepository;

/**
 * Who is signed in, for the OAuth2 endpoints: the identity of the {@code cardea_session} cookie,
 * read from PostgreSQL on each request, never an HTTP session in this JVM's memory. The principal
 * name, and with it every token's {@code sub}, is the identity's id.
 */
final class SessionSecurityContext implements SecurityContextRepository {

    private final BrowserSession sessions;

    SessionSecurityContext(BrowserSession sessions) {
        this.sessions = sessions;
    }

    /** Read at most once per request, and only when something asks who is signed in. */
    @Override
    public DeferredSecurityContext loadDeferredContext(HttpServletRequest request) {
        return new DeferredSecurityContext() {
            private SecurityContext context;

            @Override
            public SecurityContext get() {
                if (context == null) {
                    context = load(request);
                }
                return context;
            }

            @Override
            public boolean isGenerated() {
                return get().getAuthentication() == null;
            }
        };
    }

    @Override
    @SuppressWarnings("deprecation")
    public SecurityContext loadContext(HttpRequestResponseHolder holder) {
        return load(holder.getRequest());
    }

    @Override
    public void saveContext(SecurityContext context, HttpServletRequest request, HttpServletResponse response) {
        // Nothing to save: signing in and out changes the session in PostgreSQL and the cookie.
    }

    @Override
    public boolean containsContext(HttpServletRequest request) {
        return sessions.current(request).isPresent();
    }

    private SecurityContext load(HttpServletRequest request) {
        // Spring's own token and authority types with a String principal: Spring stores the principal
        // in the authorization as JSON, and its JSON reader accepts only types it knows. The password
        // factor's time is the session's sign-in, which ID tokens carry as auth_time.
        return sessions.current(request)
                .<SecurityContext>map(signedIn -> new SecurityContextImpl(UsernamePasswordAuthenticationToken
                        .authenticated(signedIn.identity().id().toString(), null, List.of(FactorGrantedAuthority
                                .withAuthority(FactorGrantedAuthority.PASSWORD_AUTHORITY).issuedAt(signedIn.at())
                                .build()))))
                .orElseGet(SecurityContextHolder::createEmptyContext);
    }
}
