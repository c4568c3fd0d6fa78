package io.cardea.upgrade;

import static io.cardea.upgrade.UpgradeAssertions.noFailedRequests;
import static io.cardea.upgrade.UpgradeAssertions.servingOnly;
import static io.cardea.upgrade.UpgradeAssertions.verifiesOnTheJwksNow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.cardea.gateway.admin.GatewayAdmin;
import io.cardea.gateway.metrics.UpstreamFigures;
import io.cardea.ops.deploy.Deployment;
import io.cardea.ops.deploy.InstanceView;
import io.cardea.ops.deploy.Readiness;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import io.cardea.testing.TestMail;
import io.cardea.testing.load.SteadyLoad;
import io.cardea.upgrade.ReleaseCrossing.Break;
import io.cardea.upgrade.testrelease.TestReleaseFaults;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mixed-version contract against the real previous release (built from the commit
 * {@code release/history/} records): both releases serve one database behind the gateway, requests
 * alternating between them, and every artefact crosses in both directions; a build that changes a
 * format without shipping its reader first is caught; and `upgrade run` takes a deployment of the
 * previous release to this one and `upgrade rollback` back, by blue-green and rolling, under load.
 * One deployment of the previous release serves them all, each test leaving it as it found it.
 */
@ExtendWith(PostgresExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class PreviousReleaseTest {

    private static final Duration START_WAIT = Duration.ofMinutes(3);

    private Path work;
    private Path current;
    private String previous;
    private String currentVersion;
    private UpgradeDeployment deployment;
    /** The SMTP server both releases are set to send to. */
    private TestMail mail;

    @BeforeAll
    void deployThePreviousRelease(TestDatabase db, @TempDir Path work) throws Exception {
        this.work = work;
        current = TestRelease.current();
        previous = PreviousRelease.version();
        mail = TestMail.start();
        deployment = UpgradeDeployment.start(db, work, 2, PreviousRelease.folder(),
                "CARDEA_GATEWAY_BALANCING=round-robin\n" + mail.environment());
        assertThat(deployment.release).isEqualTo(previous);
        currentVersion = Deployment.at(deployment.dir).install(current).version();
        // This build's expand migrations, as `upgrade run` applies them before its instances start:
        // the previous release serves on while they run, and beside this build's instances after.
        UpgradeDeployment.Child expand = deployment.releaseCommand(currentVersion, "migrate", "up");
        assertThat(expand.exitCode()).as(expand.output()).isZero();
    }

    @AfterAll
    void stop() throws Exception {
        if (deployment != null) {
            deployment.close();
        }
        if (mail != null) {
            mail.close();
        }
    }

    /**
     * The checks themselves, between two instances of one release, which must honour all of each
     * other's artefacts; and a break is reported, not thrown, without the secret involved.
     */
    @Test
    @Order(0)
    void twoInstancesOfOneReleaseCrossEveryCheck() throws Exception {
        List<InstanceView> running = deployment.running();
        assertThat(running).hasSize(2);
        // Labelled by instance too: both run one release, and a break must tell the directions apart.
        var a = new ReleaseCrossing.Instance(previous + "/" + running.get(0).id(), running.get(0).url());
        var b = new ReleaseCrossing.Instance(previous + "/" + running.get(1).id(), running.get(1).url());

        List<Break> breaks = new ReleaseCrossing(a, b, adminToken(), client(), mail).all();

        assertThat(breaks).as(ReleaseCrossing.summary(breaks)).isEmpty();
        String wrongSecret = "not the secret of " + UpgradeDeployment.CLIENT_ID;
        List<Break> refused = new ReleaseCrossing(a, b, adminToken(), new ReleaseCrossing.Client(
                UpgradeDeployment.CLIENT_ID, wrongSecret, UpgradeDeployment.REDIRECT)).refresh();
        assertThat(refused).extracting(Break::check, Break::from, Break::to).containsExactly(
                tuple(ReleaseCrossing.REFRESH, a.release(), b.release()),
                tuple(ReleaseCrossing.REFRESH, b.release(), a.release()));
        assertThat(refused).allSatisfy(broken -> assertThat(broken.detail())
                .contains("POST /oauth2/token (authorization_code)", "expected 200, got 401 invalid_client")
                .doesNotContain(wrongSecret, deployment.clientSecret));
    }

    @Test
    @Order(1)
    void bothReleasesServeOneDatabaseAndEveryArtefactCrossesBothWays() throws Exception {
        InstanceView old = deployment.running().getFirst();
        InstanceView now = startBeside(currentVersion);
        GatewayAdmin gateway = gateway();
        try {
            gateway.replaceUpstreams(List.of(old.url(), now.url()));

            // Strict round-robin: of 20 requests in a row, each release answers every second one.
            Map<URI, Long> before = requestsPerUpstream(gateway);
            Http user = new Http(deployment.gateway);
            for (int i = 0; i < 20; i++) {
                assertThat(user.get("/oauth2/jwks").statusCode()).isEqualTo(200);
            }
            Map<URI, Long> after = requestsPerUpstream(gateway);
            assertThat(after.getOrDefault(old.url(), 0L) - before.getOrDefault(old.url(), 0L)).as(previous).isEqualTo(10);
            assertThat(after.getOrDefault(now.url(), 0L) - before.getOrDefault(now.url(), 0L)).as(currentVersion).isEqualTo(10);

            var crossing = new ReleaseCrossing(new ReleaseCrossing.Instance(previous, old.url()),
                    new ReleaseCrossing.Instance(currentVersion, now.url()), adminToken(), client(), mail);
            SteadyLoad load = new SteadyLoad(deployment.loadSettings()).start();
            List<Break> breaks;
            try {
                breaks = crossing.all();
                load.awaitRequests(load.requests() + 150, Duration.ofMinutes(2));
            } finally {
                noFailedRequests(load.stop());
            }
            assertThat(breaks).as(ReleaseCrossing.summary(breaks)).isEmpty();
            Map<URI, Long> loaded = requestsPerUpstream(gateway);
            assertThat(loaded.getOrDefault(now.url(), 0L) - after.getOrDefault(now.url(), 0L)).as("the load reached " + currentVersion)
                    .isGreaterThan(50);
            assertThat(loaded.getOrDefault(old.url(), 0L) - after.getOrDefault(old.url(), 0L)).as("the load reached " + previous)
                    .isGreaterThan(50);
            for (int i = 0; i < 4; i++) {
                assertThat(deployment.browser.get("/sessions/whoami").statusCode())
                        .as("the session opened before, on either release").isEqualTo(200);
            }
            verifiesOnTheJwksNow(deployment, deployment.clientAccessToken);
            assertThat(accountMail(now.url())).as("recovery and verification mail while " + previous + " is live")
                    .startsWith("off: held back by").contains("of a release before");
        } finally {
            backToThePreviousRelease(gateway, now);
        }
    }

    @Test
    @Order(2)
    void aBuildThatWritesANewCookieFormatBeforeItsReaderIsCaught() throws Exception {
        String version = nextPatch(currentVersion);
        Deployment.at(deployment.dir).install(TestRelease.sameSchema(work, version));
        deployment.setting(TestReleaseFaults.ENVIRONMENT, "session-cookie-v2");
        InstanceView old = deployment.running().getFirst();
        InstanceView broken = startBeside(version);
        try {
            var crossing = new ReleaseCrossing(new ReleaseCrossing.Instance(previous, old.url()),
                    new ReleaseCrossing.Instance(version, broken.url()), adminToken(), client());

            List<Break> breaks = crossing.session();

            assertThat(breaks).as(ReleaseCrossing.summary(breaks)).isNotEmpty()
                    .allMatch(b -> b.check().equals(ReleaseCrossing.SESSION))
                    .anyMatch(b -> b.from().contains(version) && b.to().contains(previous));
            assertThat(breaks).as("the new build reads the old format: only its own cookies fail to cross")
                    .noneMatch(b -> b.from().contains(previous));
        } finally {
            deployment.setting(TestReleaseFaults.ENVIRONMENT, "");
            deployment.control().stop(broken.id());
        }
    }

    @Test
    @Order(3)
    void upgradesByBlueGreenWithThePreviousReleasesOwnCommandAndRollsBack() throws Exception {
        deployment.renewTokens();

        Cli run = deployment.underLoad(() -> releaseCommand(previous, "upgrade", "run", "--deployment",
                deployment.dir.toString(), "--to", current.toString(), "--strategy", "blue-green", "--watch", "5s",
                "--skip-backup"));

        assertThat(run.exitCode()).as(run.out()).isZero();
        assertThat(run.out()).contains("verdict: rolling upgrade possible", "cut-over:", "Cardea " + currentVersion);
        servingOnly(deployment, currentVersion, 2);
        assertThat(deployment.browser.get("/sessions/whoami").statusCode()).as("the session opened on " + previous)
                .isEqualTo(200);
        verifiesOnTheJwksNow(deployment, deployment.clientAccessToken);
        verifiesOnTheJwksNow(deployment, deployment.userAccessToken);

        rollBackUnderLoad();
    }

    @Test
    @Order(4)
    void upgradesByRollingAndRollsBack() throws Exception {
        deployment.renewTokens();

        Cli run = deployment.upgradeUnderLoad("--to", current.toString(), "--strategy", "rolling", "--watch", "5s",
                "--skip-backup");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("replace 1/2:", "replace 2/2:", "Cardea " + currentVersion + " is serving");
        servingOnly(deployment, currentVersion, 2);
        assertThat(deployment.browser.get("/sessions/whoami").statusCode()).isEqualTo(200);
        verifiesOnTheJwksNow(deployment, deployment.userAccessToken);
        String recovered = recoversThroughTheGateway();
        codesCrossToTheNextBuild();

        rollBackUnderLoad();
        assertThat(People.login(new Http(deployment.gateway), recovered, RECOVERED_PASSWORD).statusCode())
                .as("the password set by recovery on " + currentVersion + ", on " + previous).isEqualTo(200);
    }

    private static final String RECOVERED_PASSWORD = "a password chosen by recovery";

    /**
     * Once no instance of the previous release is live, recovery is offered, and works end to end
     * through the gateway; answers the address whose password it set.
     */
    private String recoversThroughTheGateway() throws Exception {
        Http browser = new Http(deployment.gateway);
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        // Each instance switches it on at its own refresh: wait until several answers in a row offer it.
        for (int offered = 0; offered < 4; ) {
            offered = browser.get("/recovery").statusCode() == 200 ? offered + 1 : 0;
            assertThat(System.nanoTime()).as("recovery offered within 30 s of the upgrade").isLessThan(until);
            Thread.sleep(200);
        }
        String email = People.freshEmail("recovered");
        assertThat(browser.postJson("/self-service/registration", "{\"email\":\"" + email + "\",\"password\":\""
                + UpgradeDeployment.PASSWORD + "\"}").statusCode()).isEqualTo(201);
        assertThat(browser.postJson("/self-service/recovery", "{\"email\":\"" + email + "\"}").statusCode())
                .isEqualTo(202);
        String code = mail.await(email, "Reset your").code(); // the sign-up was mailed to verify the address too
        var done = browser.postJson("/self-service/recovery/password", "{\"email\":\"" + email + "\",\"code\":\""
                + code + "\",\"password\":\"" + RECOVERED_PASSWORD + "\"}");
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        assertThat(People.login(browser, email, RECOVERED_PASSWORD).statusCode()).isEqualTo(200);
        return email;
    }

    /**
     * With no previous release live, a build after this one (the same code, installed by the cookie
     * test as the next patch) beside this one: a recovery code mailed by either is redeemed by the
     * other. The contract the next release will be held to, checked from this side now.
     */
    private void codesCrossToTheNextBuild() throws Exception {
        String next = nextPatch(currentVersion);
        InstanceView now = deployment.running().getFirst();
        InstanceView later = startBeside(next);
        try {
            var crossing = new ReleaseCrossing(new ReleaseCrossing.Instance(currentVersion, now.url()),
                    new ReleaseCrossing.Instance(next, later.url()), adminToken(), client(), mail);
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!accountMail(later.url()).startsWith("on")) {
                assertThat(System.nanoTime()).as("account mail on for " + next).isLessThan(until);
                Thread.sleep(200);
            }
            List<Break> breaks = crossing.recovery();
            assertThat(breaks).as(ReleaseCrossing.summary(breaks)).isEmpty();
            assertThat(mail.all()).as("codes were mailed, not merely refused on both sides")
                    .anyMatch(m -> m.to().startsWith("recovery-") && m.subject().startsWith("Reset your"));
        } finally {
            deployment.control().stop(later.id());
        }
    }

    /** The {@code why} of the account-mail feature on one instance, from its admin API. */
    private String accountMail(URI instance) throws Exception {
        var answer = new Http(instance).get("/admin/fleet/features", "Authorization", Http.bearer(adminToken()));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        String body = answer.body();
        int at = body.indexOf("\"account-mail\"");
        assertThat(at).as(body).isNotNegative();
        int why = body.indexOf("\"why\":\"", at) + "\"why\":\"".length();
        return body.substring(why, body.indexOf('"', why));
    }

    /** `upgrade rollback` by this release's command, under load: the previous release serves again, nobody signed out. */
    private void rollBackUnderLoad() throws Exception {
        deployment.renewTokens();
        Cli back = deployment.underLoad(() -> deployment.cardea("upgrade", "rollback", "--deployment",
                deployment.dir.toString(), "--watch", "5s"));
        assertThat(back.exitCode()).as(back.out() + back.err()).isZero();
        servingOnly(deployment, previous, 2);
        assertThat(deployment.browser.get("/sessions/whoami").statusCode()).isEqualTo(200);
        verifiesOnTheJwksNow(deployment, deployment.userAccessToken);
    }

    /** An instance of {@code release} started beside the serving ones, ready and at normal priority, not yet behind the gateway. */
    private InstanceView startBeside(String release) throws Exception {
        var control = deployment.control();
        InstanceView started = control.start(release);
        Function<URI, InstanceView> supervised = url -> {
            try {
                return control.instance(url);
            } catch (Exception e) {
                return null;
            }
        };
        Readiness.await(List.of(started.url()), START_WAIT, supervised);
        control.serve(started.id());
        return started;
    }

    private void backToThePreviousRelease(GatewayAdmin gateway, InstanceView started) throws Exception {
        List<URI> old = deployment.running().stream().filter(i -> i.release().equals(previous))
                .map(InstanceView::url).toList();
        gateway.replaceUpstreams(old);
        deployment.control().stop(started.id());
    }

    private Cli releaseCommand(String release, String... args) {
        try {
            UpgradeDeployment.Child child = deployment.releaseCommand(release, args);
            return new Cli(child.exitCode(), child.output(), "");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private GatewayAdmin gateway() {
        Deployment d = Deployment.at(deployment.dir);
        return new GatewayAdmin(d.endpoints().gatewayAdmin(), d.gatewayToken());
    }

    private static Map<URI, Long> requestsPerUpstream(GatewayAdmin gateway) throws Exception {
        return gateway.upstreamFigures().stream().collect(Collectors.toMap(UpstreamFigures::url,
                UpstreamFigures::requests));
    }

    private String adminToken() {
        return Deployment.at(deployment.dir).config().adminToken();
    }

    private ReleaseCrossing.Client client() {
        return new ReleaseCrossing.Client(UpgradeDeployment.CLIENT_ID, deployment.clientSecret,
                UpgradeDeployment.REDIRECT);
    }

    private static String nextPatch(String version) {
        String[] parts = version.split("\\.");
        return parts[0] + "." + parts[1] + "." + (Integer.parseInt(parts[2]) + 1);
    }
}
