package io.cardea.server.oauth2;

import io.cardea.server.keys.CookieSecret;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.DefaultCsrfToken;
import org.springframework.security.web.csrf.DeferredCsrfToken;

/**
 * The sign-in form's CSRF token kept in a cookie (double submit: the form carries it too, so no
 * server-side state), signed with the cookie secret like the session cookie: a token planted in
 * the cookie by another site, or by a script on a sibling domain, is not one Cardea signed and is
 * ignored. A cookie only an older value of {@code CARDEA_SECRETS_COOKIE} verifies is signed again.
 */
final class SignedCsrfCookie implements CsrfTokenRepository {

    static final String NAME = "XSRF-TOKEN";
    private static final String PARAMETER = "_csrf";
    private static final String HEADER = "X-XSRF-TOKEN";

    private final ObjectProvider<CookieSecret> secret;

    /** @param secret fetched on use, as for the session cookie: a wrong schema is reported before a missing secret */
    SignedCsrfCookie(ObjectProvider<CookieSecret> secret) {
        this.secret = secret;
    }

    @Override
    public CsrfToken generateToken(HttpServletRequest request) {
        return token(UUID.randomUUID().toString());
    }

    @Override
    public void saveToken(CsrfToken token, HttpServletRequest request, HttpServletResponse response) {
        String value = token == null ? "" : secret.getObject().sign(NAME, token.getToken());
        response.addHeader(HttpHeaders.SET_COOKIE, ResponseCookie.from(NAME, value).path("/").httpOnly(true)
                .secure(request.isSecure()).sameSite("Lax").maxAge(token == null ? 0 : -1).build().toString());
    }

    @Override
    public CsrfToken loadToken(HttpServletRequest request) {
        return verified(request).map(v -> token(v.value())).orElse(null);
    }

    /** As the default, except that a cookie signed under an older secret value is signed again now. */
    @Override
    public DeferredCsrfToken loadDeferredToken(HttpServletRequest request, HttpServletResponse response) {
        Optional<CookieSecret.Verified> presented = verified(request);
        CsrfToken loaded = presented.map(v -> token(v.value())).orElse(null);
        if (presented.isPresent() && !presented.get().underCurrentValue()) {
            saveToken(loaded, request, response);
        }
        return new DeferredCsrfToken() {
            private CsrfToken token = loaded;

            @Override
            public CsrfToken get() {
                if (token == null) {
                    token = generateToken(request);
                    saveToken(token, request, response);
                }
                return token;
            }

            @Override
            public boolean isGenerated() {
                return loaded == null;
            }
        };
    }

    private Optional<CookieSecret.Verified> verified(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        for (Cookie c : cookies) {
            if (c.getName().equals(NAME) && !c.getValue().isEmpty()) {
                return secret.getObject().verify(NAME, c.getValue());
            }
        }
        return Optional.empty();
    }

    private static CsrfToken token(String value) {
        return new DefaultCsrfToken(HEADER, PARAMETER, value);
    }
}
