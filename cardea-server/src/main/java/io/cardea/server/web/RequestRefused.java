package io.cardea.server.web;

import org.springframework.http.HttpStatus;

/** Ends a request with an error answer; {@link ApiErrors} turns it into the response. */
public final class RequestRefused extends RuntimeException {

    private final HttpStatus status;
    private final ApiError error;

    public RequestRefused(HttpStatus status, String error, String field, String message) {
        super(error, null, false, false);
        this.status = status;
        this.error = new ApiError(error, field, message);
    }

    public HttpStatus status() {
        return status;
    }

    public ApiError error() {
        return error;
    }
}
