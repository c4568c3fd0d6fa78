package io.cardea.server.pages;

import io.cardea.server.web.RequestRefused;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

/**
 * Failures inside page controllers answer the error page, as a person's browser expects, where the
 * API's controllers answer a JSON body. Ahead of the API's handlers, which would otherwise take
 * these too.
 */
@ControllerAdvice(annotations = PageController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
final class PageErrors {

    @ExceptionHandler
    ModelAndView refused(RequestRefused e, HttpServletRequest request, HttpServletResponse response) {
        e.addRetryAfter(response);
        return Page.error(e.status(), "error." + e.error().error(), e.error().message(), request,
                request.getRequestURI());
    }

    @ExceptionHandler
    ModelAndView unexpected(Exception e, HttpServletRequest request) {
        HttpStatus status = HttpStatus.INTERNAL_SERVER_ERROR;
        return Page.error(status, ErrorPage.explanationKey(status), ErrorPage.explanation(status), request,
                request.getRequestURI(), e);
    }
}
