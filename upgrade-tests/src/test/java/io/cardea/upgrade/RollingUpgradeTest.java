package io.cardea.upgrade;

import static io.cardea.upgrade.UpgradeAssertions.servingOnly;
import static io.cardea.upgrade.UpgradeAssertions.verifiesOnTheJwksNow;
import static org.assertj.core.api.Assertions.assertThat;

import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import io.cardea.upgrade.UpgradeDeployment.Child;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** N → N+1 rolling over 3 instances under a steady mixed load, then the contract migrations. */
@ExtendWith(PostgresExtension.class)
@Timeout(value = 12, unit = TimeUnit.MINUTES)
class RollingUpgradeTest {

    @TempDir
    Path work;

    @Test
    void replacesThreeInstancesOneAtATimeWithoutAFailedRequest(TestDatabase db) throws Exception {
        Path next = TestRelease.next(work);
        try (var deployment = UpgradeDeployment.start(db, work, 3)) {
            Cli run = deployment.upgradeUnderLoad("--to", next.toString(), "--strategy", "rolling", "--watch", "5s",
                    "--skip-backup");

            assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
            assertThat(run.out()).contains("(rolling, 3 instance(s);", "[4] replace 1/3:", "[5] replace 2/3:",
                    "[6] replace 3/3:", "drained and stopped", "Cardea " + TestRelease.NEXT + " is serving");
            assertThat(UpgradeBenchmark.switches(run.out())).as("one gateway switch per replaced instance").hasSize(3);
            servingOnly(deployment, TestRelease.NEXT, 3);
            assertThat(deployment.browser.get("/sessions/whoami").statusCode()).as("the pre-upgrade session").isEqualTo(200);
            verifiesOnTheJwksNow(deployment, deployment.clientAccessToken);

            Cli history = deployment.cardea("upgrade", "history", "--deployment", deployment.dir.toString());
            assertThat(history.out()).contains(deployment.release + " → " + TestRelease.NEXT + "  rolling  SUCCEEDED",
                    "replace 1/3", "replace 3/3", "watch", "finish");

            Child contract = deployment.releaseCommand(TestRelease.NEXT, "migrate", "contract");
            assertThat(contract.exitCode()).as(contract.output()).isZero();
            Child status = deployment.releaseCommand(TestRelease.NEXT, "migrate", "status");
            assertThat(status.exitCode()).as("a clean status: " + status.output()).isZero();

            Cli rollback = deployment.cardea("upgrade", "rollback", "--deployment", deployment.dir.toString());
            assertThat(rollback.exitCode()).as(rollback.out()).isEqualTo(4);
            assertThat(rollback.out()).contains("V91", "cardea restore FILE", "--skip-backup");
        }
    }
}
