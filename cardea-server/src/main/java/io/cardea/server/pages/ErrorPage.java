package io.cardea.server.pages;

import io.cardea.server.web.ApiError;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * Answers the errors raised outside Cardea's controllers (Spring Security's refusals, the
 * authorization endpoint's invalid requests): a friendly page for browsers, the usual
 * {@link ApiError} body for programs.
 */
@Controller
final class ErrorPage implements ErrorController {

    @RequestMapping(path = "/error", produces = MediaType.TEXT_HTML_VALUE)
    ModelAndView page(HttpServletRequest request, HttpServletResponse response) {
        HttpStatus status = status(request);
        response.setHeader("Content-Security-Policy", Page.CONTENT_SECURITY_POLICY);
        return Page.error(status, explanationKey(status), explanation(status), request,
                String.valueOf(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI)));
    }

    @RequestMapping("/error")
    ResponseEntity<ApiError> body(HttpServletRequest request) {
        HttpStatus status = status(request);
        return ResponseEntity.status(status).header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(new ApiError(status.name().toLowerCase(Locale.ROOT), null, explanation(status)));
    }

    private static HttpStatus status(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer c ? HttpStatus.resolve(c) : null;
        return status == null ? HttpStatus.INTERNAL_SERVER_ERROR : status;
    }

    /** The key of {@link #explanation} in the pages' bundle. */
    static String explanationKey(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST, UNAUTHORIZED, FORBIDDEN, NOT_FOUND -> "error.explanation." + status.value();
            default -> status.is5xxServerError() ? "error.explanation.5xx" : "error.explanation.other";
        };
    }

    static String explanation(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST -> "The request could not be answered: the link may be incomplete, or the app that sent "
                    + "you here asked for something Cardea refuses, such as a return address it never registered.";
            case UNAUTHORIZED -> "You need to sign in first.";
            case FORBIDDEN -> "The form was out of date or did not come from this site. Go back, reload the page "
                    + "and try again.";
            case NOT_FOUND -> "There is nothing here.";
            default -> status.is5xxServerError() ? "Cardea could not answer just now. Please try again in a moment."
                    : "The request could not be answered.";
        };
    }
}
