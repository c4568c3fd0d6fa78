package io.cardea.server.oauth2;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.http.HttpMethod;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.XorCsrfTokenRequestAttributeHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Requires the consent page's CSRF token on a consent post to the authorization endpoint, which
 * Spring's authorization server exempts from CSRF checks. An authorization request sent by POST
 * (it carries {@code response_type}) comes from an app, not from the page, and is left alone.
 */
final class ConsentCsrf extends OncePerRequestFilter {

    private static final RequestMatcher AUTHORIZE_POST = PathPatternRequestMatcher.withDefaults()
            .matcher(HttpMethod.POST, "/oauth2/authorize");

    private final CsrfTokenRepository tokens;
    private final XorCsrfTokenRequestAttributeHandler masking = new XorCsrfTokenRequestAttributeHandler();

    ConsentCsrf(CsrfTokenRepository tokens) {
        this.tokens = tokens;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (AUTHORIZE_POST.matches(request) && request.getParameter(OAuth2ParameterNames.RESPONSE_TYPE) == null) {
            CsrfToken expected = tokens.loadToken(request);
            String given = expected == null ? null : masking.resolveCsrfTokenValue(request, expected);
            if (given == null || !MessageDigest.isEqual(expected.getToken().getBytes(StandardCharsets.UTF_8),
                    given.getBytes(StandardCharsets.UTF_8))) {
                response.sendError(HttpServletResponse.SC_FORBIDDEN);
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
