package io.cardea.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryTest extends GatewayTestCase {

    @Test
    void aRequestToARefusedUpstreamIsSentToAnotherWithItsBody() throws Exception {
        TestUpstream stopped = upstream("stopped");
        TestUpstream running = upstream("running");
        // Health checks far apart: the gateway still believes in the stopped upstream.
        start(settings(stopped, running).withHealthInterval(Duration.ofMinutes(10)));
        stopped.close();

        HttpResponse<String> first = post("/self-service/registration", "email=ada@example.com");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).isEqualTo("running email=ada@example.com");
        for (int i = 0; i < 4; i++) {
            assertThat(get("/again").statusCode()).isEqualTo(200);
        }
        assertThat(admin().metrics()).contains("cardea_gateway_retries_total 1\n");
    }

    @Test
    void aConnectionDroppedAfterTheRequestIsA502AndIsNotRetried() throws Exception {
        TestUpstream dropping = upstream("dropping");
        dropping.behaviour = TestUpstream.Behaviour.DROP_BEFORE_ANSWER;
        TestUpstream running = upstream("running");
        start(settings(dropping, running));

        List<String> failed = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            HttpResponse<String> response = post("/oauth2/token?attempt=" + i, "grant_type=client_credentials");
            if (response.statusCode() != 200) {
                assertThat(response.statusCode()).isEqualTo(502);
                failed.add("POST /oauth2/token?attempt=" + i);
            }
        }
        assertThat(failed).isNotEmpty().containsExactlyInAnyOrderElementsOf(dropping.seen());
        assertThat(running.seen()).doesNotContainAnyElementsOf(failed);
        assertThat(admin().metrics()).contains("cardea_gateway_retries_total 0\n");
    }

    @Test
    void aConnectionDroppedAfterTheResponseHeadersIsA502() throws Exception {
        TestUpstream dropping = upstream("dropping");
        dropping.behaviour = TestUpstream.Behaviour.DROP_AFTER_HEADERS;
        start(settings(dropping));

        HttpResponse<String> response = get("/sessions/whoami");
        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(dropping.seen()).containsExactly("GET /sessions/whoami");
    }
}
