package io.cardea.server.admin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Marks every admin answer as not to be stored by a cache nor read as another type than it says:
 * they hold client secrets (shown once), identities and sessions. Set before the handler runs, so
 * refusals carry them too.
 */
final class NoStoreAnswers implements HandlerInterceptor {

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        return true;
    }
}
