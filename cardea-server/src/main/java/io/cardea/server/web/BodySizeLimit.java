package io.cardea.server.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps request bodies (the API takes small JSON documents, the pages and OAuth2 endpoints small
 * forms), so nobody can make the server buffer or parse megabytes. A declared length over the cap
 * is refused before reading; a chunked body is cut off when it reaches the cap. Registered ahead of
 * every filter that reads a body ({@link WebConfiguration}).
 */
final class BodySizeLimit extends OncePerRequestFilter {

    private final long limit;

    BodySizeLimit(long limit) {
        this.limit = limit;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > limit || chunkedFormTooLarge(request)) {
            response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            response.getWriter().write("{\"error\":\"body_too_large\",\"message\":\"The request body is larger than "
                    + limit + " bytes.\"}");
            return;
        }
        if (request.getContentLengthLong() >= 0 || request.getHeader("Transfer-Encoding") == null) {
            // No body, or one whose declared length is within the cap: Tomcat reads no further than
            // that, and the request passes unwrapped (every filter after asks it for headers).
            chain.doFilter(request, response);
            return;
        }
        chain.doFilter(new HttpServletRequestWrapper(request) {
            @Override
            public ServletInputStream getInputStream() throws IOException {
                return new Capped(super.getInputStream(), limit);
            }
        }, response);
    }

    /**
     * Tomcat reads a form body itself when a parameter is first asked for, past the capped stream
     * below, up to its own limit (server.tomcat.max-http-form-post-size, this cap); past it, every
     * parameter lookup fails. Asked here first, a chunked form over the cap is refused like any other
     * body, and the form is parsed once as before.
     */
    private static boolean chunkedFormTooLarge(HttpServletRequest request) {
        String type = request.getContentType();
        if (!"POST".equals(request.getMethod()) || request.getContentLengthLong() >= 0 || type == null
                || !type.toLowerCase(Locale.ROOT).startsWith(MediaType.APPLICATION_FORM_URLENCODED_VALUE)) {
            return false;
        }
        try {
            request.getParameterMap();
            return false;
        } catch (InvalidParameterException e) {
            // Another failure (a malformed form) is left to whoever reads the parameters, as before.
            return e.getErrorCode() == HttpStatus.CONTENT_TOO_LARGE.value();
        }
    }

    private static final class Capped extends ServletInputStream {
        private final ServletInputStream in;
        private final long limit;
        private long read;

        Capped(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws BodyTooLarge {
            read += n;
            if (read > limit) {
                throw new BodyTooLarge(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
