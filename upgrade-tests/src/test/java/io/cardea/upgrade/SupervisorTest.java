package io.cardea.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardea.ops.deploy.Deployment;
import io.cardea.ops.deploy.InstanceView;
import io.cardea.ops.deploy.Readiness;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The supervisor of a deployment: a crashed instance comes back, the control endpoint wants its token. */
@ExtendWith(PostgresExtension.class)
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class SupervisorTest {

    @TempDir
    Path work;

    @Test
    void aKilledInstanceIsRestartedOnItsPortAndTheControlEndpointWantsItsToken(TestDatabase db) throws Exception {
        try (var deployment = UpgradeDeployment.start(db, work, 2)) {
            InstanceView victim = deployment.running().getFirst();

            ProcessHandle.of(victim.pid()).orElseThrow().destroyForcibly();

            InstanceView back = awaitRestarted(deployment, victim);
            assertThat(back.url()).isEqualTo(victim.url());
            assertThat(back.pid()).isNotEqualTo(victim.pid());
            Readiness.await(List.of(back.url()), java.time.Duration.ofMinutes(3), url -> null);
            assertThat(new Http(deployment.gateway).get("/oauth2/jwks").statusCode()).isEqualTo(200);

            URI control = Deployment.at(deployment.dir).endpoints().control();
            for (String token : new String[] {null, "Bearer not-the-control-token"}) {
                var request = HttpRequest.newBuilder(control.resolve("/instances")).DELETE();
                if (token != null) {
                    request.header("Authorization", token);
                }
                HttpResponse<String> refused = Http.CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
                assertThat(refused.statusCode()).isEqualTo(401);
                assertThat(refused.body()).contains("\"error\":\"unauthorized\"");
            }
            assertThat(deployment.running()).hasSize(2);
        }
    }

    private static InstanceView awaitRestarted(UpgradeDeployment deployment, InstanceView victim) throws Exception {
        while (true) {
            for (InstanceView i : deployment.control().instances()) {
                if (i.id().equals(victim.id()) && i.restarts() == 1 && i.running() && i.pid() != victim.pid()) {
                    return i;
                }
            }
            Thread.sleep(200);
        }
    }
}
