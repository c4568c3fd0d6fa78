package io.cardea.server.oauth2;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2AccessTokenResponseAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;

/**
 * Answers a successful token request as Spring does, and counts it in
 * {@code cardea_tokens_issued_total} by grant type. Only a grant Spring accepted gets here, so the
 * label has as many values as there are grant types.
 */
final class TokensIssued implements AuthenticationSuccessHandler {

    private final AuthenticationSuccessHandler answer = new OAuth2AccessTokenResponseAuthenticationSuccessHandler();
    private final MeterRegistry registry;

    TokensIssued(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
            Authentication authentication) throws IOException, ServletException {
        answer.onAuthenticationSuccess(request, response, authentication);
        counter(registry, request.getParameter(OAuth2ParameterNames.GRANT_TYPE)).increment();
    }

    static Counter counter(MeterRegistry registry, String grantType) {
        return registry.counter("cardea.tokens.issued", "grant_type", grantType);
    }
}
