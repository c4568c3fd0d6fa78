package io.cardea.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardea.ops.deploy.ChildProcess;
import io.cardea.ops.deploy.Deployment;
import io.cardea.ops.deploy.InstanceView;
import io.cardea.ops.deploy.Supervisor;
import io.cardea.ops.deploy.SupervisorClient;
import io.cardea.server.CardeaServer;
import io.cardea.server.RunningServer;
import io.cardea.server.ServerOptions;
import io.cardea.server.oauth2.Clients;
import io.cardea.testing.TestDatabase;
import io.cardea.testing.load.LoadSettings;
import io.cardea.testing.load.SteadyLoad;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
    /** This shared 2-core machine's latency is not what these tests test: errors are (WatchWindowTest judges latency). */
    static final String LATENCY_NOT_UNDER_TEST = "1000";

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
        Path dir = work.resolve("deployment");
        Cli init = Cli.run("deploy", "init", dir.toString(), "--release", TestRelease.current().toString(),
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
                """, StandardOpenOption.APPEND);
        Deployment deployment = Deployment.at(dir);
        String clientSecret = registerClient(db, deployment);
        // The load's client doubles as the smoke test's probe client.
        Files.writeString(dir.resolve(Deployment.CONFIG), "CARDEA_SMOKE_CLIENT_ID=" + CLIENT_ID + "\n"
                + "CARDEA_SMOKE_CLIENT_SECRET=" + clientSecret + "\n", StandardOpenOption.APPEND);
        Supervisor supervisor = Supervisor.start(deployment, new PrintWriter(System.out, true));
        try {
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

    /** A confidential client for the load, registered through the server's own code before any instance runs. */
    private static String registerClient(TestDatabase db, Deployment deployment) {
        var config = deployment.config();
        var options = new ServerOptions(db.jdbcUrl(), db.user(), null, "127.0.0.1", 0, Map.of(
                "cardea.secrets.system", config.require("CARDEA_SECRETS_SYSTEM"),
                "cardea.secrets.cookie", config.require("CARDEA_SECRETS_COOKIE"),
                "cardea.admin.tokens", config.require("CARDEA_ADMIN_TOKENS"),
                "cardea.shutdown.drain-delay", "0s"));
        try (RunningServer server = CardeaServer.start(options)) {
            return server.part(Clients.class).register(CLIENT_ID, "Upgrade load", Clients.Kind.CONFIDENTIAL,
                    List.of(REDIRECT), List.of()).secret();
        }
    }

    /**
     * Goes through the authorization endpoint as a person does: signs in on the sign-in page when
     * there is no session yet, consents when asked; returns the user's access token.
     */
    private static String signInAndAuthorize(Http browser, String email, String clientSecret) throws Exception {
        String authorize = "/oauth2/authorize?response_type=code&client_id=" + CLIENT_ID + "&scope=openid%20email"
                + "&state=before-upgrade&redirect_uri=" + URLEncoder.encode(REDIRECT, StandardCharsets.UTF_8);
        HttpResponse<String> answer = browser.get(authorize);
        if (answer.statusCode() == 302 && location(answer).contains("/sign-in")) {
            HttpResponse<String> page = browser.get(Http.relative(location(answer)));
            assertThat(page.statusCode()).isEqualTo(200);
            HttpResponse<String> signedIn = browser.postForm("/sign-in", Map.of("_csrf",
                    Http.formField(page.body(), "_csrf"), "return_to", Http.formField(page.body(), "return_to"),
                    "email", email, "password", PASSWORD));
            assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(303);
            answer = browser.get(Http.relative(location(signedIn)));
        }
        if (answer.statusCode() == 302 && location(answer).contains("/consent")) {
            HttpResponse<String> consent = browser.get(Http.relative(location(answer)));
            assertThat(consent.statusCode()).as(consent.body()).isEqualTo(200);
            answer = browser.postForm("/oauth2/authorize", Map.of("_csrf", Http.formField(consent.body(), "_csrf"),
                    "client_id", CLIENT_ID, "state", Http.formField(consent.body(), "state"), "scope", "email"));
        }
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(302);
        String code = URI.create(location(answer)).getQuery().replaceAll(".*code=([^&]*).*", "$1");
        HttpResponse<String> tokens = new Http(browser.base()).postForm("/oauth2/token", Map.of("grant_type",
                "authorization_code", "code", java.net.URLDecoder.decode(code, StandardCharsets.UTF_8), "redirect_uri",
                REDIRECT), "Authorization", Http.basic(CLIENT_ID, clientSecret));
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        return Http.jsonField(tokens.body(), "access_token");
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

    private static String location(HttpResponse<String> response) {
        return response.headers().firstValue("Location").orElseThrow(() -> new AssertionError("no Location: " + response));
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
