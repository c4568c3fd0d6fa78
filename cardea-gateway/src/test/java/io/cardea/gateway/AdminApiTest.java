package io.cardea.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardea.gateway.admin.GatewayAdmin;
import io.cardea.gateway.metrics.UpstreamFigures;
import io.cardea.gateway.upstream.UpstreamView;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdminApiTest extends GatewayTestCase {

    private HttpResponse<String> admin(String method, String path, String authorization, String body) throws Exception {
        var request = HttpRequest.newBuilder(gateway.adminAddress().resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request);
    }

    @Test
    void everyEndpointWantsTheToken() throws Exception {
        start(settings(upstream("server")));

        for (String path : List.of("/upstreams", "/metrics", "/metrics/upstreams", "/upstreams/drained?upstream=http://127.0.0.1:1")) {
            assertThat(admin("GET", path, null, null).statusCode()).isEqualTo(401);
            assertThat(admin("GET", path, "Bearer wrong-token-wrong-token", null).statusCode()).isEqualTo(401);
            assertThat(admin("GET", path, TOKEN, null).statusCode()).as("the token without 'Bearer'").isEqualTo(401);
        }
        assertThat(admin("PUT", "/upstreams", null, "{\"upstreams\": [\"http://127.0.0.1:1\"]}").statusCode()).isEqualTo(401);
        assertThat(admin("GET", "/upstreams", null, null).headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThatThrownBy(() -> new GatewayAdmin(gateway.adminAddress(), "wrong-token-wrong-token").upstreams())
                .isInstanceOfSatisfying(GatewayAdmin.Refused.class, e -> assertThat(e.status()).isEqualTo(401));
    }

    @Test
    void aBadSetIsRefusedWithAReasonAndChangesNothing() throws Exception {
        TestUpstream server = upstream("server");
        start(settings(server));
        String bearer = "Bearer " + TOKEN;

        var malformed = admin("PUT", "/upstreams", bearer, "{\"upstreams\": [");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("\"error\":\"malformed_json\"");
        for (String body : List.of("{\"upstreams\": []}", "{\"servers\": [\"http://127.0.0.1:1\"]}", "[1]",
                "{\"upstreams\": [\"ftp://127.0.0.1:1\"]}", "{\"upstreams\": [\"http://127.0.0.1:1/path\"]}",
                "{\"upstreams\": [42]}", "{\"upstreams\": [\"http://127.0.0.1:1\", \"http://127.0.0.1:1/\"]}")) {
            var invalid = admin("PUT", "/upstreams", bearer, body);
            assertThat(invalid.statusCode()).as(body).isEqualTo(400);
            assertThat(invalid.body()).as(body).contains("\"error\":\"invalid_upstreams\"");
        }
        assertThatThrownBy(() -> admin().replaceUpstreams(List.of(URI.create("http://127.0.0.1:1"))))
                .isInstanceOfSatisfying(GatewayAdmin.Refused.class, e -> assertThat(e.error()).isEqualTo("no_ready_upstream"));

        assertThat(admin().upstreams()).containsExactly(new UpstreamView(server.url(), UpstreamView.ACTIVE, true, 0));
        assertThat(get("/still").body()).isEqualTo("server");
        assertThat(admin("GET", "/upstreams/drained", bearer, null).statusCode()).isEqualTo(400);
        assertThat(admin("GET", "/nothing", bearer, null).statusCode()).isEqualTo(404);
    }

    @Test
    void drainedIsFalseForAMemberAndTrueForAnUnknownUpstream() throws Exception {
        TestUpstream server = upstream("server");
        start(settings(server));

        assertThat(admin().awaitDrained(server.url(), Duration.ofMillis(100))).isFalse();
        assertThat(admin().awaitDrained(URI.create("http://127.0.0.1:1"), Duration.ofMillis(100))).isTrue();
    }

    @Test
    void metricsCountWhatHappened() throws Exception {
        TestUpstream server = upstream("server");
        start(settings(server));

        for (int i = 0; i < 3; i++) {
            get("/ok");
        }
        assertThat(get("/status/500").statusCode()).isEqualTo(500);
        assertThat(get("/status/404").statusCode()).isEqualTo(404);

        String label = "{upstream=\"" + server.url() + "\"";
        assertThat(admin().metrics())
                .contains("cardea_gateway_requests_total 5\n")
                .contains("cardea_gateway_upstream_requests_total" + label + "} 5\n")
                .contains("cardea_gateway_upstream_errors_total" + label + ",kind=\"5xx\"} 1\n")
                .contains("cardea_gateway_upstream_errors_total" + label + ",kind=\"proxy\"} 0\n")
                .contains("cardea_gateway_upstream_request_duration_seconds_count" + label + "} 5\n")
                .contains("cardea_gateway_upstream_request_duration_seconds_bucket" + label + ",le=\"+Inf\"} 5\n")
                .contains("cardea_gateway_upstream_healthy" + label + ",state=\"active\"} 1\n")
                .contains("cardea_gateway_rate_limited_total 0\n");
    }

    @Test
    void figuresSubtractIntoWhatWasServedInBetween() throws Exception {
        TestUpstream server = upstream("server");
        start(settings(server));
        get("/ok");
        UpstreamFigures before = only(admin().upstreamFigures());

        get("/ok");
        get("/status/500");
        get("/status/503");
        UpstreamFigures between = only(admin().upstreamFigures()).since(before);

        assertThat(before.requests()).isEqualTo(1);
        assertThat(between.url()).isEqualTo(server.url());
        assertThat(between.requests()).isEqualTo(3);
        assertThat(between.serverErrors()).isEqualTo(2);
        assertThat(between.proxyFailures()).isZero();
        assertThat(between.errorRate()).isEqualTo(2.0 / 3);
        assertThat(Arrays.stream(between.latencyCounts()).sum()).isEqualTo(3);
        assertThat(between.latencyQuantileSeconds(0.99)).isPositive().isLessThanOrEqualTo(10);
        assertThat(UpstreamFigures.none(server.url()).latencyQuantileSeconds(0.99)).isZero();
    }

    private static UpstreamFigures only(List<UpstreamFigures> figures) {
        assertThat(figures).hasSize(1);
        return figures.getFirst();
    }
}
