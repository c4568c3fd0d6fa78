package io.cardea.server.oauth2;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * Sends a browser without a session from the authorization endpoint to the sign-in page. The
 * authorization request travels along in the sign-in URL and form ({@code return_to}) rather than
 * in a server-side saved request, so any instance, of either release, can finish it.
 */
final class SignInRedirect implements AuthenticationEntryPoint {

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e) {
        String returnTo = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        response.setStatus(HttpServletResponse.SC_FOUND);
        response.setHeader("Location", request.getContextPath() + SignInPage.PATH + "?return_to="
                + URLEncoder.encode(returnTo, StandardCharsets.UTF_8));
    }
}
