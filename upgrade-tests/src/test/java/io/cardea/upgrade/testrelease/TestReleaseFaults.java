package io.cardea.upgrade.testrelease;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Shipped only in the test release's extra jar: the ways it can be told, through
 * {@code CARDEA_TEST_RELEASE_FAULT} in the deployment's configuration, to misbehave.
 * <ul>
 *   <li>{@code never-ready}: {@code /health/ready} answers 503, always;</li>
 *   <li>{@code smoke}: the JWKS answers 500, so the smoke test fails;</li>
 *   <li>{@code watch}: requests carrying {@value #CANARY} answer 500, so errors appear at the
 *       gateway once the release takes traffic, while the test's load (which never sends the
 *       header) is served normally and can still count zero failures;</li>
 *   <li>{@code slow}: requests carrying {@value #CANARY} are answered, but only after {@value #SLOW_MILLIS} ms,
 *       so p99 latency at the gateway rises once the release takes traffic, while the load is served as fast as ever.</li>
 *   <li>{@code session-cookie-v2}: a new session cookie format written without the reading side
 *       shipped first: the release hands out {@code cardea_session} values prefixed with
 *       {@value #COOKIE_V2} and reads both formats, so the previous release cannot read the cookies
 *       it hands out; the mixed-version contract must catch it.</li>
 * </ul>
 * It registers its filter as the server starts (an initializer listed in the jar's
 * {@code META-INF/spring.factories}): the server's beans were settled when its release was built
 * (Spring AOT), so an auto-configuration in an added jar would not be read.
 */
public class TestReleaseFaults implements ApplicationContextInitializer<GenericApplicationContext> {

    public static final String ENVIRONMENT = "CARDEA_TEST_RELEASE_FAULT";
    public static final String CANARY = "X-Cardea-Test-Canary";
    static final long SLOW_MILLIS = 2500;
    static final String COOKIE_V2 = "v2~";
    private static final String SESSION_COOKIE = "cardea_session";

    @Override
    public void initialize(GenericApplicationContext context) {
        String fault = System.getenv().getOrDefault(ENVIRONMENT, "");
        context.registerBean("testReleaseFault", OncePerRequestFilter.class, () -> new Fault(fault));
    }

    static final class Fault extends OncePerRequestFilter implements Ordered {

        private final String fault;

        Fault(String fault) {
            this.fault = fault;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String path = request.getRequestURI();
            if (fault.equals("slow") && request.getHeader(CANARY) != null) {
                try {
                    Thread.sleep(SLOW_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            boolean fail = switch (fault) {
                case "never-ready" -> path.equals("/health/ready");
                case "smoke" -> path.equals("/oauth2/jwks");
                case "watch" -> request.getHeader(CANARY) != null;
                default -> false;
            };
            if (fail) {
                response.sendError(fault.equals("never-ready") ? 503 : 500, "test release fault: " + fault);
                return;
            }
            if (fault.equals("session-cookie-v2")) {
                chain.doFilter(new ReadsBothFormats(request), new WritesV2(response));
                return;
            }
            chain.doFilter(request, response);
        }

        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE;
        }
    }

    /** Reads the session cookie in either format. */
    static final class ReadsBothFormats extends HttpServletRequestWrapper {

        ReadsBothFormats(HttpServletRequest request) {
            super(request);
        }

        @Override
        public Cookie[] getCookies() {
            Cookie[] cookies = super.getCookies();
            if (cookies == null) {
                return null;
            }
            for (Cookie c : cookies) {
                if (c.getName().equals(SESSION_COOKIE) && c.getValue().startsWith(COOKIE_V2)) {
                    c.setValue(c.getValue().substring(COOKIE_V2.length()));
                }
            }
            return cookies;
        }
    }

    /** Hands the session cookie out in the new format. */
    static final class WritesV2 extends HttpServletResponseWrapper {

        WritesV2(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void addHeader(String name, String value) {
            super.addHeader(name, v2(name, value));
        }

        @Override
        public void setHeader(String name, String value) {
            super.setHeader(name, v2(name, value));
        }

        private static String v2(String name, String value) {
            String prefix = SESSION_COOKIE + "=";
            return name.equalsIgnoreCase("Set-Cookie") && value.startsWith(prefix) && !value.startsWith(prefix + ";")
                    ? prefix + COOKIE_V2 + value.substring(prefix.length()) : value;
        }
    }
}
