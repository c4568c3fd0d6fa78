package io.cardea.ops.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardea.gateway.Gateway;
import io.cardea.gateway.GatewaySettings;
import io.cardea.gateway.admin.AdminToken;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The supervisor's control endpoint, on a supervisor with no instances: what it takes as a release name. */
class ControlEndpointTest {

    private static final String TOKEN = "control-token-for-the-endpoint-test";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path work;

    @Test
    void aReleaseNameThatIsNoVersionIsAnswered400AndReachesNoFolder() throws Exception {
        Deployment d = Deployment.create(work.resolve("d"), "jdbc:postgresql://db/cardea", null, null, "127.0.0.1:0", 1);
        d.install(DeploymentTest.release(work, "0.3.1"));
        d.makeCurrent("0.3.1");
        // A release folder outside releases/: "../../release-0.3.2" reaches it from there.
        DeploymentTest.release(work, "0.3.2");

        try (var supervisor = new Supervisor(d, Gateway.start(GatewaySettings.onLoopback(new AdminToken(TOKEN))));
                var control = ControlEndpoint.start(supervisor, new AdminToken(TOKEN))) {
            for (String route : new String[] {"PUT /release", "POST /instances"}) {
                HttpResponse<String> refused = send(control, route, "{\"release\":\"../../release-0.3.2\"}");

                assertThat(refused.statusCode()).as(route + ": " + refused.body()).isEqualTo(400);
                assertThat(refused.body()).contains("\"error\":\"invalid_release\"").contains("MAJOR.MINOR.PATCH");
            }
            assertThat(d.currentRelease()).hasValue("0.3.1");
            assertThat(supervisor.instances()).isEmpty();

            HttpResponse<String> installed = send(control, "PUT /release", "{\"release\":\"0.3.1\"}");
            assertThat(installed.statusCode()).as(installed.body()).isEqualTo(200);
            // A well-formed name of a release that is not installed is a refusal, and it is answered too.
            HttpResponse<String> missing = send(control, "POST /instances", "{\"release\":\"9.9.9\"}");
            assertThat(missing.statusCode()).as(missing.body()).isEqualTo(409);
            assertThat(missing.body()).contains("\"error\":\"refused\"").contains("release 9.9.9 is not installed");
        }
    }

    private static HttpResponse<String> send(ControlEndpoint control, String route, String json) throws Exception {
        String[] methodAndPath = route.split(" ");
        var request = HttpRequest.newBuilder(URI.create(control.address() + methodAndPath[1]))
                .header("Authorization", "Bearer " + TOKEN)
                .method(methodAndPath[0], HttpRequest.BodyPublishers.ofString(json)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
