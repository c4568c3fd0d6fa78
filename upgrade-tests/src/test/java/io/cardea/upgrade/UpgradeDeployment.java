package io.cardea.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardea.ops.deploy.ChildProcess;
import io.cardea.ops.deploy.Deployment;
import io.cardea.ops.deploy.DeploymentConfig;
import io.cardea.ops.deploy.InstanceView;
import io.cardea.ops.deploy.Supervisor;
import io.cardea.ops.deploy.SupervisorClient;
import io.cardea.testing.TestDatabase;
import io.cardea.testing.load.LoadSettings;
import io.cardea.testing.load.SteadyLoad;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A deployment of release N on a test database, run by a supervisor in this JVM (its instances are
 * processes of their own), with what its users and client had before any upgrade: a browser
 * session, a user's access token, a client's access token.
 */
final class UpgradeDeployment implements AutoCloseable {

    static final String CLIENT_ID = "upgrade-load";
    static final String REDIRECT = "http://127.0.0.1:9/callback";
    static final String PASSWORD = "a long passphrase for the load";

    final Path dir;
    final Supervisor supervisor;
    final URI gateway;
    final String clientSecret;
    final List<String> emails;
    /** A person's browser, signed in before the upgrade. */
    final Http browser;
    volatile String userAccessToken;
    volatile String clientAccessToken;
    final String release;

    private UpgradeDeployment(Path dir, Supervisor supervisor, String clientSecret, List<String> emails, Http browser,
            String userAccessToken, String clientAccessToken, String release) {
        this.dir = dir;
        this.supervisor = supervisor;
        this.gateway = supervisor.address();
        this.clientSecret = clientSecret;
        this.emails = emails;
        this.browser = browser;
        this.userAccessToken = userAccessToken;
        this.clientAccessToken = clientAccessToken;
        this.release = release;
    }

    static UpgradeDeployment start(TestDatabase db, Path work, int instances) throws Exception {
        return start(db, work, instances, TestRelease.current(), "");
    }

    /**
     * A deployment of the release in {@code release} (a release folder), with {@code settings}
     * (KEY=VALUE lines) added to its cardea.env before it starts.
     */
    static UpgradeDeployment start(TestDatabase db, Path work, int instances, Path release, String settings)
            throws Exception {
        Path dir = work.resolve("deployment");
        Cli init = Cli.run("deploy", "init", dir.toString(), "--release", release.toString(),
                "--database-url", db.jdbcUrl(), "--database-user", db.user(), "--gateway-listen", "127.0.0.1:0",
                "--instances", Integer.toString(instances));
        assertThat(init.exitCode()).as(init.out() + init.err()).isZero();
        // The load signs in from one address many times a second; cheap hashes keep the 2-core machine for the servers.
        Files.writeString(dir.resolve(Deployment.CONFIG), """
                CARDEA_GATEWAY_RATE_LIMIT=100000
                CARDEA_GATEWAY_RATE_BURST=100000
                CARDEA_SHUTDOWN_DRAIN_DELAY=1s
                CARDEA_PASSWORD_ARGON2_ITERATIONS=1
                CARDEA_PASSWORD_ARGON2_MEMORYKIB=1024
                """ + settings, StandardOpenOption.APPEND);
        Deployment deployment = Deployment.at(dir);
        assertThat(deployment.config().get(DeploymentConfig.SMOKE_CLIENT_SECRET)).as("the probe client init registered")
                .isPresent();
        assertThat(init.out() + init.err()).doesNotContain(deployment.config().get(DeploymentConfig.SMOKE_CLIENT_SECRET)
                .orElseThrow());
        Supervisor supervisor = Supervisor.start(deployment, new PrintWriter(System.out, true));
        try {
            String clientSecret = registerClient(supervisor.address(), deployment);
            Http browser = new Http(supervisor.address());
            List<String> emails = new java.util.ArrayList<>();
            for (int i = 0; i < 5; i++) {
                String email = "user" + i + "@upgrade.test";
                assertThat(browser.postJson("/self-service/registration", "{\"email\":\"" + email
                        + "\",\"password\":\"" + PASSWORD + "\"}").statusCode()).isEqualTo(201);
                emails.add(email);
            }
            String userToken = signInAndAuthorize(browser, emails.getFirst(), clientSecret);
            String clientToken = clientCredentials(new Http(supervisor.address()), clientSecret);
            return new UpgradeDeployment(dir, supervisor, clientSecret, List.copyOf(emails), browser, userToken,
                    clientToken, deployment.currentRelease().orElseThrow());
        } catch (Exception | AssertionError e) {
            supervisor.close();
            throw e;
        }
    }

    /** A confidential client for the load, registered through the admin API. */
    private static String registerClient(URI gateway, Deployment deployment) throws Exception {
        HttpResponse<String> registered = new Http(gateway).postJson("/admin/clients", "{\"client_id\":\"" + CLIENT_ID
                + "\",\"name\":\"Upgrade load\",\"redirect_uris\":[\"" + REDIRECT + "\"]}", "Authorization",
                Http.bearer(deployment.config().adminToken()));
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        return Http.jsonField(registered.body(), "client_secret");
    }

    /**
     * Signs a person in and through the authorization code flow (cardea-testing's walk, as the load's):
     * the browser keeps the session; answers the user's access token.
     */
    private static String signInAndAuthorize(Http browser, String email, String clientSecret) {
        var settings = new LoadSettings(browser.base(), new LoadSettings.Client(CLIENT_ID, clientSecret, REDIRECT),
                List.of(new LoadSettings.Identity(email, PASSWORD)), 1, Duration.ZERO, Duration.ofSeconds(30),
                Duration.ofMinutes(1));
        SteadyLoad.SignedIn signedIn = SteadyLoad.signInAndAuthorize(settings, settings.identities().getFirst());
        browser.cookie("cardea_session", signedIn.session());
        return signedIn.accessToken();
    }

    /** Fresh tokens from the release serving now, for the next upgrade to prove it honours (they live 5 minutes). */
    void renewTokens() throws Exception {
        userAccessToken = signInAndAuthorize(browser, emails.getFirst(), clientSecret);
        clientAccessToken = clientCredentials(new Http(gateway), clientSecret);
    }

    /** Sets one setting in cardea.env; instances started from now on see it. */
    void setting(String key, String value) throws Exception {
        Path config = dir.resolve(Deployment.CONFIG);
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(config).stream()
                .filter(l -> !l.startsWith(key + "=")).toList());
        lines.add(key + "=" + value);
        Files.write(config, lines);
    }

    static String clientCredentials(Http client, String secret) throws Exception {
        HttpResponse<String> token = client.postForm("/oauth2/token", Map.of("grant_type", "client_credentials"),
                "Authorization", Http.basic(CLIENT_ID, secret));
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        return Http.jsonField(token.body(), "access_token");
    }

    Cli upgrade(String... args) {
        String[] all = new String[args.length + 4];
        all[0] = "upgrade";
        all[1] = "run";
        all[2] = "--deployment";
        all[3] = dir.toString();
        System.arraycopy(args, 0, all, 4, args.length);
        return Cli.run(all);
    }

    /** {@code upgrade run ARGS} under a steady mixed load, which must see no failed request. */
    Cli upgradeUnderLoad(String... args) throws Exception {
        return underLoad(() -> upgrade(args));
    }

    /** A command under a steady mixed load (cardea-testing's), which must see no failed request. */
    Cli underLoad(java.util.function.Supplier<Cli> command) throws Exception {
        SteadyLoad load = new SteadyLoad(loadSettings()).start();
        Cli run;
        try {
            load.awaitRequests(load.requests() + 150, Duration.ofMinutes(2));
            run = command.get();
            load.awaitRequests(load.requests() + 150, Duration.ofMinutes(2));
        } finally {
            UpgradeAssertions.noFailedRequests(load.stop());
        }
        return run;
    }

    /** The steady mixed load of the upgrade tests and the upgrade benchmark: 4 users, through the gateway, 10 minutes at most. */
    LoadSettings loadSettings() {
        return new LoadSettings(gateway, new LoadSettings.Client(CLIENT_ID, clientSecret, REDIRECT),
                emails.stream().map(e -> new LoadSettings.Identity(e, PASSWORD)).toList(), 4,
                // Steady, not flat out: the machine must keep room to start the new release's instances.
                Duration.ofMillis(25), Duration.ofSeconds(30), Duration.ofMinutes(10));
    }

    Cli cardea(String... args) {
        return Cli.run(args);
    }

    /** {@code cardea ARGS} of an installed release, in its own process with the deployment's settings. */
    Child releaseCommand(String release, String... args) throws Exception {
        Deployment deployment = Deployment.at(dir);
        var out = new java.io.StringWriter();
        int code = ChildProcess.run(deployment.release(release).cardea(deployment.config().values(), args),
                new PrintWriter(out));
        return new Child(code, out.toString());
    }

    record Child(int exitCode, String output) {}

    SupervisorClient control() {
        return SupervisorClient.of(Deployment.at(dir));
    }

    /** The instances serving (running) now, and their releases. */
    List<InstanceView> running() throws Exception {
        return control().instances().stream().filter(InstanceView::running).toList();
    }

    @Override
    public void close() throws Exception {
        supervisor.close();
    }
}
