package io.cardea.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.cardea.ops.deploy.Deployment;
import io.cardea.ops.deploy.InstanceView;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import io.cardea.upgrade.ReleaseCrossing.Break;
import io.cardea.upgrade.ReleaseCrossing.Client;
import io.cardea.upgrade.ReleaseCrossing.Instance;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release crossing's checks between two instances of one release, which must honour all of each
 * other's artefacts: the fast proof that the checks themselves work, before they judge two releases.
 */
@ExtendWith(PostgresExtension.class)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class ReleaseCrossingSelfTest {

    @TempDir
    Path work;

    @Test
    void twoInstancesOfOneReleaseCrossEveryCheckBothWays(TestDatabase db) throws Exception {
        try (var deployment = UpgradeDeployment.start(db, work, 2)) {
            List<InstanceView> running = deployment.running();
            assertThat(running).hasSize(2);
            // Labelled by instance too: both run one release, and a break must tell the directions apart.
            Instance a = new Instance(running.get(0).release() + "/" + running.get(0).id(), running.get(0).url());
            Instance b = new Instance(running.get(1).release() + "/" + running.get(1).id(), running.get(1).url());
            assertThat(a.url()).isNotEqualTo(b.url());
            String adminToken = Deployment.at(deployment.dir).config().adminToken();
            var client = new Client(UpgradeDeployment.CLIENT_ID, deployment.clientSecret, UpgradeDeployment.REDIRECT);

            long started = System.nanoTime();
            List<Break> breaks = new ReleaseCrossing(a, b, adminToken, client).all();
            System.out.printf("release crossing between %s and %s: %s in %.1f s%n", a, b, ReleaseCrossing.summary(breaks),
                    (System.nanoTime() - started) / 1e9);

            assertThat(breaks).as(ReleaseCrossing.summary(breaks)).isEmpty();

            // A break is reported, not thrown, for each direction, and says what came back without the secret.
            String wrongSecret = "not the secret of " + UpgradeDeployment.CLIENT_ID;
            List<Break> refused = new ReleaseCrossing(a, b, adminToken, new Client(client.id(), wrongSecret,
                    client.redirectUri())).refresh();
            assertThat(refused).extracting(Break::check, Break::from, Break::to).containsExactly(
                    tuple(ReleaseCrossing.REFRESH, a.release(), b.release()),
                    tuple(ReleaseCrossing.REFRESH, b.release(), a.release()));
            assertThat(refused).allSatisfy(broken -> assertThat(broken.detail())
                    .contains("POST /oauth2/token (authorization_code)", "expected 200, got 401 invalid_client")
                    .doesNotContain(wrongSecret, deployment.clientSecret));
        }
    }
}
