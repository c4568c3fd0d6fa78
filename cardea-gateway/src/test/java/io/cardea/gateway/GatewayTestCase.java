package io.cardea.gateway;

import io.cardea.gateway.admin.AdminToken;
import io.cardea.gateway.admin.GatewayAdmin;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** Starts test upstreams and a gateway on loopback, and stops them after each test. */
abstract class GatewayTestCase {

    static final String TOKEN = "test-admin-token-0123456789abcdef";

    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<AutoCloseable> started = new ArrayList<>();
    Gateway gateway;

    TestUpstream upstream(String name) throws IOException {
        return started(TestUpstream.start(name));
    }

    /** Default settings (health checked every 100 ms) with these upstreams. */
    static GatewaySettings settings(TestUpstream... upstreams) {
        return GatewaySettings.onLoopback(new AdminToken(TOKEN))
                .withHealthInterval(Duration.ofMillis(100))
                .withUpstreams(Arrays.stream(upstreams).map(TestUpstream::url).toList());
    }

    Gateway start(GatewaySettings settings) throws Exception {
        gateway = started(Gateway.start(settings));
        return gateway;
    }

    GatewayAdmin admin() {
        return new GatewayAdmin(gateway.adminAddress(), TOKEN);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return send(request(path).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(gateway.address().resolve(path)).timeout(Duration.ofSeconds(20));
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private <T extends AutoCloseable> T started(T thing) {
        started.add(thing);
        return thing;
    }

    @AfterEach
    void stopAll() throws Exception {
        // The gateway first, while its upstreams still answer; then the upstreams.
        for (AutoCloseable thing : started.reversed()) {
            thing.close();
        }
        client.close();
    }
}
