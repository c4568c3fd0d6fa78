package io.cardea.server.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** Turns every failure of a request into an {@link ApiError} body with the right status. */
@RestControllerAdvice
class ApiErrors {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    @ExceptionHandler
    ResponseEntity<ApiError> refused(RequestRefused e, HttpServletResponse response) {
        e.addRetryAfter(response);
        return ResponseEntity.status(e.status()).body(e.error());
    }

    @ExceptionHandler
    ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BodyTooLarge) {
                return answer(HttpStatus.CONTENT_TOO_LARGE, "body_too_large", t.getMessage() + ".");
            }
        }
        return answer(HttpStatus.BAD_REQUEST, "malformed_body", "The request body is not a valid JSON document "
                + "of the expected shape.");
    }

    @ExceptionHandler
    ResponseEntity<ApiError> unsupportedType(HttpMediaTypeNotSupportedException e) {
        return answer(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", "Send JSON "
                + "(Content-Type: application/json).");
    }

    @ExceptionHandler
    ResponseEntity<ApiError> wrongMethod(HttpRequestMethodNotSupportedException e) {
        return answer(HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed", e.getMethod() + " is not allowed here.");
    }

    @ExceptionHandler({NoResourceFoundException.class, MethodArgumentTypeMismatchException.class})
    ResponseEntity<ApiError> notFound(Exception e) {
        return answer(HttpStatus.NOT_FOUND, "not_found", "Nothing here.");
    }

    @ExceptionHandler
    ResponseEntity<ApiError> unexpected(Exception e) {
        // Cardea's own exceptions never carry a password, token or hash; queries bind them as parameters,
        // which database errors do not quote.
        log.error("request failed", e);
        return answer(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error", "The server failed to answer; "
                + "the error is in its log.");
    }

    private static ResponseEntity<ApiError> answer(HttpStatus status, String error, String message) {
        return ResponseEntity.status(status).body(new ApiError(error, null, message));
    }
}
