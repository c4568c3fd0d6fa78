package io.cardea.upgrade;

import static io.cardea.upgrade.UpgradeAssertions.servingOnly;
import static io.cardea.upgrade.UpgradeAssertions.verifiesOnTheJwksNow;
import static org.assertj.core.api.Assertions.assertThat;

import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** N → N+1 by blue-green under a steady mixed load, and back to N with `upgrade rollback`. */
@ExtendWith(PostgresExtension.class)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class BlueGreenUpgradeTest {

    @TempDir
    Path work;

    @Test
    void upgradesAndRollsBackUnderLoadWithoutAFailedRequest(TestDatabase db) throws Exception {
        Path next = TestRelease.next(work);
        try (var deployment = UpgradeDeployment.start(db, work, 2)) {
            Cli run = deployment.upgradeUnderLoad("--to", next.toString(), "--strategy", "blue-green", "--watch", "5s");

            assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
            assertThat(run.out()).contains("[1] plan:", "verdict: rolling upgrade possible", "expand now: V90",
                    "backed up and verified: ", "token-signature", "cut-over:", "watch:", "Cardea " + TestRelease.NEXT
                            + " is serving");
            // What bench/run-upgrade-bench reads from the output: one switch, and each step's time.
            assertThat(UpgradeBenchmark.switches(run.out())).hasSize(1);
            assertThat(UpgradeBenchmark.steps(run.out())).extracting(UpgradeBenchmark.Step::name).containsExactly(
                    "plan", "backup", "expand", "start", "smoke", "cut-over", "watch", "finish");
            servingOnly(deployment, TestRelease.NEXT, 2);
            assertThat(deployment.browser.get("/sessions/whoami").statusCode()).as("the pre-upgrade session").isEqualTo(200);
            verifiesOnTheJwksNow(deployment, deployment.clientAccessToken);
            verifiesOnTheJwksNow(deployment, deployment.userAccessToken);
            try (var c = db.connect(); ResultSet rs = c.createStatement().executeQuery(
                    "SELECT count(*) FROM identities WHERE email_domain = 'upgrade.test'")) {
                rs.next();
                assertThat(rs.getInt(1)).as("the backfill of V90").isEqualTo(deployment.emails.size());
            }

            Cli history = deployment.cardea("upgrade", "history", "--deployment", deployment.dir.toString());
            assertThat(history.exitCode()).isZero();
            assertThat(history.out()).contains(deployment.release + " → " + TestRelease.NEXT + "  blue-green  SUCCEEDED",
                    "plan", "backup", "expand", "start", "smoke", "cut-over", "watch", "finish");

            // Back to N, under the same load, while no contract migration has run (RollingUpgradeTest runs them).
            deployment.renewTokens();
            Cli back = deployment.underLoad(() -> deployment.cardea("upgrade", "rollback", "--deployment",
                    deployment.dir.toString(), "--watch", "5s"));
            assertThat(back.exitCode()).as(back.out() + back.err()).isZero();
            servingOnly(deployment, deployment.release, 2);
            assertThat(deployment.browser.get("/sessions/whoami").statusCode()).isEqualTo(200);
            assertThat(deployment.cardea("upgrade", "history", "--deployment", deployment.dir.toString(), "--limit", "1")
                    .out()).contains(TestRelease.NEXT + " → " + deployment.release + "  rollback  SUCCEEDED");
        }
    }
}
