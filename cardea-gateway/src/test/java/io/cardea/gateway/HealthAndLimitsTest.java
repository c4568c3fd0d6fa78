package io.cardea.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardea.gateway.ratelimit.RateLimit;
import io.cardea.gateway.upstream.UpstreamView;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthAndLimitsTest extends GatewayTestCase {

    @Test
    void anUnreadyUpstreamGetsNoTrafficUntilItIsReadyThenBothShare() throws Exception {
        TestUpstream starting = upstream("starting");
        starting.ready = false;
        TestUpstream ready = upstream("ready");
        start(settings(starting, ready));

        for (int i = 0; i < 10; i++) {
            assertThat(get("/sessions/whoami").body()).isEqualTo("ready");
        }
        assertThat(starting.seen()).isEmpty();

        starting.ready = true;
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!admin().upstreams().stream().allMatch(UpstreamView::healthy) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        List<String> answeredBy = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            answeredBy.add(get("/sessions/whoami").body());
        }
        assertThat(answeredBy).contains("starting", "ready");
    }

    @Test
    void signInIsRateLimitedPerClientAddressAndOtherPathsAndAddressesAreNot() throws Exception {
        TestUpstream server = upstream("server");
        start(settings(server).withRateLimit(new RateLimit(0.2, 2, RateLimit.DEFAULT_PATHS)));

        assertThat(post("/self-service/login", "password=1").statusCode()).isEqualTo(200);
        assertThat(post("/self-service/login?flow=abc", "password=2").statusCode()).isEqualTo(200);
        HttpResponse<String> limited = post("/self-service/login", "password=3");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValueSatisfying(s -> assertThat(Long.parseLong(s)).isBetween(1L, 5L));
        assertThat(limited.body()).contains("\"error\":\"rate_limited\"");
        assertThat(post("/oauth2/token", "grant_type=password").statusCode()).isEqualTo(429);

        assertThat(get("/self-service/login/browser").statusCode()).isEqualTo(200);
        assertThat(post("/self-service/registration", "email=a@example.com").statusCode()).isEqualTo(200);
        try (HttpClient elsewhere = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .localAddress(InetAddress.getByName("127.0.0.2")).build()) {
            var fromElsewhere = elsewhere.send(request("/self-service/login").POST(java.net.http.HttpRequest.BodyPublishers.ofString("password=4")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(fromElsewhere.statusCode()).isEqualTo(200);
        }
        assertThat(server.seen()).doesNotContain("POST /self-service/login?password=3").hasSize(5);
        assertThat(admin().metrics()).contains("cardea_gateway_rate_limited_total 2\n");
    }
}
