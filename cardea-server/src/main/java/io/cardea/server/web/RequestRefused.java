package io.cardea.server.web;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/** Ends a request with an error answer; {@link ApiErrors} turns it into the response. */
public final class RequestRefused extends RuntimeException {

    private final HttpStatus status;
    private final ApiError error;
    private final Duration retryAfter;

    public RequestRefused(HttpStatus status, String error, String field, String message) {
        this(status, error, field, message, null);
    }

    private RequestRefused(HttpStatus status, String error, String field, String message, Duration retryAfter) {
        super(error, null, false, false);
        this.status = status;
        this.error = new ApiError(error, field, message);
        this.retryAfter = retryAfter;
    }

    /** 429, telling the client when to try again ({@code Retry-After}). */
    public static RequestRefused tooManyRequests(String error, String message, Duration retryAfter) {
        return new RequestRefused(HttpStatus.TOO_MANY_REQUESTS, error, null, message, retryAfter);
    }

    /** The same refusal with the field at fault named {@code field}: as an endpoint whose form names it so calls it. */
    public RequestRefused naming(String field) {
        return new RequestRefused(status, error.error(), field, error.message(), retryAfter);
    }

    /** When the client may try again, or null when there is nothing to wait for. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /**
     * Sets {@code Retry-After} when there is something to wait for: whole seconds, rounded up, since
     * retrying a moment too early would only be refused again.
     */
    public void addRetryAfter(HttpServletResponse response) {
        if (retryAfter != null) {
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, (retryAfter.toMillis() + 999) / 1000)));
        }
    }

    public HttpStatus status() {
        return status;
    }

    public ApiError error() {
        return error;
    }
}
