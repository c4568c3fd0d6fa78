package io.cardea.ops.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardea.ops.smoke.CheckResult.Outcome;
import io.cardea.server.TestServer;
import io.cardea.server.oauth2.Clients;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import io.cardea.testing.TestPostgres;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The smoke test against real servers: a healthy one passes; each kind of broken one fails the check that finds it. */
@ExtendWith(PostgresExtension.class)
class SmokeTestTest {

    static final String ADMIN_TOKEN = "smoke-test-admin-token-0123456789";
    static final String PROBE_PASSWORD = "probe passphrase of some length";

    /**
     * Registers a probe client on the server; answers the target with its credentials and those of a
     * probe identity named after it (the tests of a class share one database).
     */
    static SmokeTarget prepare(TestServer server, String clientId) {
        var client = server.server().part(Clients.class).register(clientId, "Smoke probe", Clients.Kind.CONFIDENTIAL,
                List.of("http://127.0.0.1:9876/callback"), List.of());
        return new SmokeTarget(URI.create(server.url("/")), null, ADMIN_TOKEN,
                new SmokeTarget.ProbeIdentity(clientId + "@cardea.test", PROBE_PASSWORD),
                new SmokeTarget.ProbeClient(client.clientId(), client.secret()), null);
    }

    static TestServer start(TestDatabase db) {
        return TestServer.start(db, Map.of("cardea.admin.tokens", ADMIN_TOKEN));
    }

    @Test
    void everyCheckPassesOnAHealthyServerAndTheProbeIsCreatedOnce(TestDatabase db) {
        TestServer.migrate(db);
        try (TestServer server = start(db)) {
            SmokeTarget target = prepare(server, "smoke-healthy");

            assertThat(ProbeIdentitySetup.ensure(target)).isEqualTo(ProbeIdentitySetup.Outcome.CREATED);
            assertThat(ProbeIdentitySetup.ensure(target)).isEqualTo(ProbeIdentitySetup.Outcome.EXISTS);
            SmokeResult result = SmokeTest.run(target);

            assertThat(result.checks()).extracting(CheckResult::name).containsExactlyElementsOf(SmokeTest.CHECKS);
            assertThat(result.checks()).allSatisfy(c -> assertThat(c.outcome()).as(c.toString()).isEqualTo(Outcome.PASSED));
            assertThat(result.passed()).isTrue();
            // The probe signed out: it leaves no live session behind.
            long live = JdbcClient.create(db.dataSource()).sql("""
                    SELECT count(*) FROM sessions s JOIN identities i ON i.id = s.identity_id
                    WHERE i.email = 'smoke-healthy@cardea.test'""").query(Long.class).single();
            assertThat(live).isZero();
        }
    }

    @Test
    void aWrongAdminTokenFailsTheAdminCheckOnly(TestDatabase db) {
        TestServer.migrate(db);
        try (TestServer server = start(db)) {
            SmokeTarget good = prepare(server, "smoke-wrong-admin");
            ProbeIdentitySetup.ensure(good);
            var wrong = new SmokeTarget(good.url(), null, "not-the-admin-token", good.identity(), good.client(), null);

            SmokeResult result = SmokeTest.run(wrong);

            assertThat(result.passed()).isFalse();
            assertThat(result.failedChecks()).containsExactly("admin-api");
            assertThat(result.check("admin-api").reason()).contains("HTTP 401", "unauthorized")
                    .doesNotContain("not-the-admin-token");
        }
    }

    @Test
    void aServerThatIsNotReadyFailsTheReadyCheck(TestDatabase db) {
        TestServer.migrate(db);
        try (TestServer server = start(db)) {
            SmokeTarget target = prepare(server, "smoke-not-ready");
            ProbeIdentitySetup.ensure(target);
            // A newer release contracted the schema: this release can no longer run on it.
            var sql = JdbcClient.create(db.dataSource());
            sql.sql("""
                    INSERT INTO cardea_schema_history (version, name, phase, checksum, state, applied_by, success)
                    VALUES (9000, 'drop_old_columns', 'contract', 'x', 'applied', 'test', true)""").update();
            try {
                SmokeResult result = SmokeTest.run(target);

                assertThat(result.passed()).isFalse();
                assertThat(result.failedChecks()).containsExactly("ready");
                assertThat(result.check("ready").reason()).contains("HTTP 503", "V9000");
            } finally {
                sql.sql("DELETE FROM cardea_schema_history WHERE version = 9000").update();
            }
        }
    }

    @Test
    void aTokenSignedWithAKeyTheJwksDoesNotPublishFailsVerification(TestDatabase db) {
        TestServer.migrate(db);
        TestDatabase elsewhere = TestPostgres.createDatabase("SmokeOtherDeployment");
        TestServer.migrate(elsewhere);
        // An instance on the wrong database: it names the deployment's issuer, whose JWKS lacks its key.
        try (TestServer deployment = start(elsewhere);
                TestServer stray = TestServer.start(db, Map.of("cardea.admin.tokens", ADMIN_TOKEN,
                        "cardea.oauth2.issuer", deployment.url("")))) {
            SmokeTarget local = prepare(stray, "smoke-stray");
            ProbeIdentitySetup.ensure(local);
            var target = new SmokeTarget(local.url(), URI.create(deployment.url("")), ADMIN_TOKEN, local.identity(),
                    local.client(), null);

            SmokeResult result = SmokeTest.run(target);

            assertThat(result.failedChecks()).containsExactly("token-signature");
            assertThat(result.check("token-signature").reason()).contains("does not publish",
                    deployment.url("/oauth2/jwks"));
        }
    }

    @Test
    void anUnreachableServerFailsEveryCheckItNeeds() {
        var target = new SmokeTarget(URI.create("http://127.0.0.1:1"), null, ADMIN_TOKEN,
                new SmokeTarget.ProbeIdentity("nobody@cardea.test", PROBE_PASSWORD),
                new SmokeTarget.ProbeClient("nobody", "secret"), null);

        SmokeResult result = SmokeTest.run(target);

        assertThat(result.failedChecks()).containsExactlyElementsOf(SmokeTest.CHECKS);
        assertThat(result.check("ready").reason()).contains("could not connect to http://127.0.0.1:1/health/ready");
        assertThat(result.check("whoami").outcome()).isEqualTo(Outcome.SKIPPED);
    }
}
