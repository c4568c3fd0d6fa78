package io.cardea.upgrade;

import static io.cardea.upgrade.UpgradeAssertions.servingOnly;
import static org.assertj.core.api.Assertions.assertThat;

import io.cardea.ops.deploy.InstanceView;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import io.cardea.upgrade.testrelease.TestReleaseFaults;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * N+1 misbehaves, each time in another way, under a steady mixed load: every run ends with N
 * serving, the new instances stopped, no failed request, and the reason in the ledger. One
 * deployment serves the four runs: each leaves it as it found it.
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class FailedUpgradeTest {

    private Path next;
    private UpgradeDeployment deployment;

    @BeforeAll
    void deployN(TestDatabase db, @TempDir Path work) throws Exception {
        next = TestRelease.next(work);
        deployment = UpgradeDeployment.start(db, work, 2);
    }

    @AfterAll
    void stop() throws Exception {
        if (deployment != null) {
            deployment.close();
        }
    }

    @BeforeEach
    void freshTokens() throws Exception {
        deployment.renewTokens();
    }

    @Test
    @Order(1)
    void aReleaseThatNeverBecomesReadyIsStoppedAndNeverSeesTraffic() throws Exception {
        deployment.setting(TestReleaseFaults.ENVIRONMENT, "never-ready");

        Cli run = upgradeUnderLoad("5s", "20s");

        assertThat(run.out()).contains(TestRelease.NEXT + " did not become ready", "not ready after 20s");
        assertRolledBack(run, "did not become ready");
    }

    @Test
    @Order(2)
    void aReleaseThatFailsTheSmokeTestIsStoppedBeforeTheCut() throws Exception {
        deployment.setting(TestReleaseFaults.ENVIRONMENT, "smoke");

        Cli run = upgradeUnderLoad("5s", "3m");

        assertThat(run.out()).contains("the smoke test failed", "`cardea smoke` of " + TestRelease.NEXT + " failed",
                "token-signature").doesNotContain("cut-over:");
        assertRolledBack(run, "the smoke test failed");
    }

    @Test
    @Order(3)
    void errorsDuringTheWatchTakeTrafficBackToTheOldRelease() throws Exception {
        // Requests only N+1 answers with 500: the errors the watch must see, apart from the load it must not fail.
        failsTheWatch("watch", 1, 500, "the watch window failed: error rate");
    }

    @Test
    @Order(4)
    void slowAnswersDuringTheWatchTakeTrafficBackToTheOldRelease() throws Exception {
        // Requests N+1 answers late: over 1 % of all requests, and ten at least, with the load's beside them.
        failsTheWatch("slow", 8, 200, "the watch window failed: p99 latency");
    }

    /** N+1 with {@code fault} takes traffic, and canary requests get {@code status} from it until the watch fails. */
    private void failsTheWatch(String fault, int canaries, int status, String reason) throws Exception {
        deployment.setting(TestReleaseFaults.ENVIRONMENT, fault);
        var canary = new Canary(canaries);

        Cli run = canary.during(() -> upgradeUnderLoad("60s", "3m"));

        assertThat(canary.answered(status)).as("canary requests N+1 answered with " + status).isPositive();
        assertThat(run.out()).contains("cut-over:", reason);
        assertRolledBack(run, reason);
    }

    /** Requests carrying the test release's canary header, from a few threads, counted by status. */
    private final class Canary {
        private final int threads;
        private final AtomicBoolean stop = new AtomicBoolean();
        private final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();

        Canary(int threads) {
            this.threads = threads;
        }

        Cli during(Callable<Cli> run) throws Exception {
            List<Thread> started = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                started.add(Thread.ofPlatform().start(() -> {
                    var http = new Http(deployment.gateway);
                    while (!stop.get()) {
                        try {
                            int status = http.get("/.well-known/openid-configuration", TestReleaseFaults.CANARY, "1")
                                    .statusCode();
                            statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
                            Thread.sleep(20);
                        } catch (Exception e) {
                            return;
                        }
                    }
                }));
            }
            try {
                return run.call();
            } finally {
                stop.set(true);
                for (Thread t : started) {
                    t.join();
                }
            }
        }

        long answered(int status) {
            return statuses.getOrDefault(status, new AtomicLong()).get();
        }
    }

    private Cli upgradeUnderLoad(String watch, String readyTimeout) throws Exception {
        return deployment.upgradeUnderLoad("--to", next.toString(), "--watch", watch, "--ready-timeout", readyTimeout,
                "--skip-backup");
    }

    private void assertRolledBack(Cli run, String reason) throws Exception {
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(5);
        assertThat(run.out()).contains("Rolled back: " + deployment.release + " serves every request. Reason: ");
        servingOnly(deployment, deployment.release, 2);
        assertThat(deployment.control().instances()).filteredOn(i -> i.release().equals(TestRelease.NEXT))
                .extracting(InstanceView::state).doesNotContain(InstanceView.RUNNING);
        Cli history = deployment.cardea("upgrade", "history", "--deployment", deployment.dir.toString(), "--limit", "1");
        assertThat(history.out()).contains(deployment.release + " → " + TestRelease.NEXT, "ROLLED BACK", "reason: ",
                reason, "roll-back");
    }
}
