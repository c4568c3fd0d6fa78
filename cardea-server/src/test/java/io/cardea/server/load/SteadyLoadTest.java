package io.cardea.server.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardea.server.CardeaServer;
import io.cardea.server.Json;
import io.cardea.server.RunningServer;
import io.cardea.server.ServerOptions;
import io.cardea.server.TestServer;
import io.cardea.server.oauth2.Clients;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import io.cardea.testing.TestPostgres;
import io.cardea.testing.load.LoadReport;
import io.cardea.testing.load.LoadSettings;
import io.cardea.testing.load.RequestKind;
import io.cardea.testing.load.SteadyLoad;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The steady load generator against a real server: it runs clean on a healthy one, and counts every failure. */
@ExtendWith(PostgresExtension.class)
class SteadyLoadTest {

    static final String REDIRECT_URI = "http://127.0.0.1:9876/callback";

    /** A probe client and {@code count} identities on the server, named after {@code name}. */
    static LoadSettings settings(TestServer server, String name, int count, int concurrency) {
        var client = server.server().part(Clients.class).register(name, "Load probe", Clients.Kind.CONFIDENTIAL,
                List.of(REDIRECT_URI), List.of());
        List<LoadSettings.Identity> identities = IntStream.range(0, count).mapToObj(i -> new LoadSettings.Identity(
                name + "-" + i + "@example.com", "a long passphrase " + i)).toList();
        for (var identity : identities) {
            assertThat(server.post("/self-service/registration", Json.credentials(identity.email(),
                    identity.password()), null).status()).isEqualTo(201);
        }
        return LoadSettings.of(URI.create(server.url("")), new LoadSettings.Client(client.clientId(), client.secret(),
                REDIRECT_URI), identities, concurrency);
    }

    @Test
    void aHealthyServerAnswersEveryRequestOfTheMixAsExpected(TestDatabase db) throws Exception {
        TestServer.migrate(db);
        try (TestServer server = TestServer.start(db)) {
            SteadyLoad load = new SteadyLoad(settings(server, "healthy", 3, 4)).start();
            assertThat(load.awaitRequests(300, Duration.ofMinutes(2))).isTrue();
            load.mark("middle");
            assertThat(load.awaitRequests(600, Duration.ofMinutes(2))).isTrue();
            LoadReport report = load.stop();

            assertThat(report.failures()).as(report::toString).isZero();
            for (RequestKind kind : List.of(RequestKind.SIGN_IN, RequestKind.WHOAMI, RequestKind.AUTHORIZATION_CODE,
                    RequestKind.CLIENT_CREDENTIALS, RequestKind.INTROSPECTION, RequestKind.USERINFO,
                    RequestKind.JWKS)) {
                assertThat(report.counts(kind).succeeded()).as(kind + " in " + report).isPositive();
            }
            assertThat(report.requests()).isGreaterThanOrEqualTo(600)
                    .isEqualTo(report.seconds().stream().mapToLong(LoadReport.Second::requests).sum());
            assertThat(report.marks()).extracting(LoadReport.Mark::phase).containsExactly("load", "middle", "stop");
            assertThat(report.latency(99, report.mark("load"), report.mark("middle"))).isPresent();
            assertThat(report.latency(99, report.mark("middle"), report.mark("stop"))).isPresent();
            assertThat(report.failures(report.started(), report.stopped())).isZero();
        }
    }

    @Test
    void userTokensNearTheirEndAreRefreshedOneAtATimeWithoutAFailure(TestDatabase db) throws Exception {
        TestServer.migrate(db);
        try (TestServer server = TestServer.start(db)) {
            LoadSettings settings = settings(server, "short-lived", 2, 4);
            // Access tokens shorter than the load's refresh margin: every userinfo refreshes first.
            int changed = JdbcClient.create(db.dataSource()).sql("""
                    UPDATE oauth2_registered_client
                    SET token_settings = replace(token_settings,
                        '"settings.token.access-token-time-to-live":["java.time.Duration","PT5M"]',
                        '"settings.token.access-token-time-to-live":["java.time.Duration","PT20S"]')
                    WHERE client_id = 'short-lived'""").update();
            assertThat(changed).isOne();
            assertThat(JdbcClient.create(db.dataSource()).sql("SELECT token_settings FROM oauth2_registered_client "
                    + "WHERE client_id = 'short-lived'").query(String.class).single()).contains("PT20S");

            SteadyLoad load = new SteadyLoad(settings).start();
            assertThat(load.awaitRequests(400, Duration.ofMinutes(2))).isTrue();
            LoadReport report = load.stop();

            assertThat(report.failures()).as(report::toString).isZero();
            assertThat(report.counts(RequestKind.REFRESH).succeeded()).as(report::toString).isGreaterThan(5);
            assertThat(report.counts(RequestKind.USERINFO).succeeded()).isPositive();
        }
    }

    @Test
    void aServerStoppedMidRunShowsAsFailuresWithTheirReasons(TestDatabase db) throws Exception {
        TestServer.migrate(db);
        TestServer server = TestServer.start(db);
        SteadyLoad load;
        try {
            load = new SteadyLoad(settings(server, "stopped", 2, 3)).start();
            assertThat(load.awaitRequests(100, Duration.ofMinutes(2))).isTrue();
            assertThat(load.failures()).isZero();
            load.mark("server stopped");
        } finally {
            server.close();
        }
        long sent = load.requests();
        assertThat(load.awaitRequests(sent + 50, Duration.ofMinutes(2))).isTrue();
        LoadReport report = load.stop();

        assertThat(report.failures()).isGreaterThanOrEqualTo(45)
                .isEqualTo(report.counts().values().stream().mapToLong(LoadReport.Counts::failed).sum())
                .isEqualTo(report.failures(report.mark("server stopped"), report.stopped()));
        assertThat(report.failureReasons()).isNotEmpty().allSatisfy(f -> assertThat(f.reason())
                .containsAnyOf("connection error", "HTTP 503"));
        assertThat(report.failureReasons().stream().map(LoadReport.Failure::kind).distinct()).hasSizeGreaterThan(1);
    }

    @Test
    void aDeploymentWhoseJwksLacksTheKeysOfEarlierTokensFailsTheJwksCheck(TestDatabase db) throws Exception {
        TestServer.migrate(db);
        TestDatabase elsewhere = TestPostgres.createDatabase("SteadyLoadOtherKeys");
        TestServer.migrate(elsewhere);
        TestServer first = TestServer.start(db);
        int port = first.server().port();
        SteadyLoad load;
        try {
            load = new SteadyLoad(settings(first, "other-keys", 1, 2)).start();
            assertThat(load.awaitRequests(50, Duration.ofMinutes(2))).isTrue();
        } finally {
            first.close();
        }
        // The same address now served from another database, with other signing keys.
        try (RunningServer replaced = CardeaServer.start(new ServerOptions(elsewhere.jdbcUrl(), elsewhere.user(), null,
                "127.0.0.1", port, Map.of("cardea.shutdown.drain-delay", "0s", "cardea.secrets.system",
                        TestServer.SYSTEM_SECRET)))) {
            load.mark("replaced");
            long sent = load.requests();
            assertThat(load.awaitRequests(sent + 200, Duration.ofMinutes(2))).isTrue();
            LoadReport report = load.stop();

            assertThat(report.failureReasons()).as(report::toString).anySatisfy(f -> {
                assertThat(f.kind()).isEqualTo(RequestKind.JWKS);
                assertThat(f.reason()).contains("a token issued before the load does not verify",
                        "is not in the JWKS");
                assertThat(f.first()).isAfter(report.mark("replaced"));
            });
            assertThat(report.counts(RequestKind.JWKS).failed()).isPositive();
        }
    }

    @Test
    void aClientWithAWrongSecretStopsTheLoadBeforeItBeginsAndSaysWhy(TestDatabase db) {
        TestServer.migrate(db);
        try (TestServer server = TestServer.start(db)) {
            LoadSettings good = settings(server, "wrong-secret", 1, 1);
            var wrong = new LoadSettings(good.baseUrl(), new LoadSettings.Client(good.client().clientId(), "not-it",
                    REDIRECT_URI), good.identities(), 1, good.pause(), good.requestTimeout(), good.maxDuration());

            assertThatThrownBy(() -> new SteadyLoad(wrong).start()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("POST /oauth2/token: HTTP 401").hasMessageNotContaining("not-it");
        }
    }

    @Test
    void theLoadStaysOnThisMachineAndWithinItsBounds() {
        var client = new LoadSettings.Client("c", "s", REDIRECT_URI);
        var identities = List.of(new LoadSettings.Identity("a@example.com", "p"));

        assertThatThrownBy(() -> LoadSettings.of(URI.create("http://id.example.com"), client, identities, 2))
                .hasMessageContaining("127.0.0.1 only");
        assertThatThrownBy(() -> LoadSettings.of(URI.create("http://127.0.0.1:1"), client, identities, 65))
                .hasMessageContaining("concurrency is 1 to 64");
        assertThatThrownBy(() -> LoadSettings.of(URI.create("http://127.0.0.1:1"), client, List.of(), 1))
                .hasMessageContaining("at least one identity");
    }
}
