package io.cardea.upgrade.testrelease;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
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
 * </ul>
 * It registers its filter as the server starts (an initializer listed in the jar's
 * {@code META-INF/spring.factories}): the server's beans were settled when its release was built
 * (Spring AOT), so an auto-configuration in an added jar would not be read.
 */
public class TestReleaseFaults implements ApplicationContextInitializer<GenericApplicationContext> {

    public static final String ENVIRONMENT = "CARDEA_TEST_RELEASE_FAULT";
    public static final String CANARY = "X-Cardea-Test-Canary";
    static final long SLOW_MILLIS = 2500;

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
            chain.doFilter(request, response);
        }

        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE;
        }
    }
}
