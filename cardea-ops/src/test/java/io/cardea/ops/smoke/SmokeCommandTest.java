package io.cardea.ops.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardea.server.TestServer;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** {@code cardea smoke} on the command line: one line per check, the exit code, and no secret printed. */
@ExtendWith(PostgresExtension.class)
class SmokeCommandTest {

    record Run(int exitCode, String out, String err) {}

    @TempDir
    Path dir;

    @Test
    void passesWithTheProbeItCreatesAndPrintsNoSecret(TestDatabase db) throws IOException {
        TestServer.migrate(db);
        try (TestServer server = SmokeTestTest.start(db)) {
            SmokeTarget target = SmokeTestTest.prepare(server, "cli-probe");

            Run run = smoke(target, SmokeTestTest.ADMIN_TOKEN, "--create-probe");

            assertThat(run.exitCode()).as(run.toString()).isZero();
            assertThat(run.out()).contains("probe identity cli-probe@cardea.test: created", "passed: all 9 checks");
            for (String check : SmokeTest.CHECKS) {
                assertThat(run.out()).containsPattern("(?m)^  ok +" + check + " ");
            }
            assertThat(run.out() + run.err()).doesNotContain(SmokeTestTest.ADMIN_TOKEN, target.client().secret(),
                    SmokeTestTest.PROBE_PASSWORD);

            Run json = smoke(target, SmokeTestTest.ADMIN_TOKEN, "--create-probe", "--json");
            JsonNode result = new ObjectMapper().readTree(json.out());
            assertThat(json.exitCode()).isZero();
            assertThat(result.get("passed").asBoolean()).isTrue();
            assertThat(result.get("checks")).hasSize(SmokeTest.CHECKS.size());
            assertThat(result.get("checks").get(0).get("name").asString()).isEqualTo("ready");
            assertThat(result.get("checks").get(0).get("outcome").asString()).isEqualTo("passed");
        }
    }

    @Test
    void aWrongAdminTokenExitsOneNamingTheCheck(TestDatabase db) throws IOException {
        TestServer.migrate(db);
        try (TestServer server = SmokeTestTest.start(db)) {
            SmokeTarget target = SmokeTestTest.prepare(server, "cli-wrong-admin");
            ProbeIdentitySetup.ensure(target);

            Run run = smoke(target, "a-wrong-admin-token");

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.out()).containsPattern("(?m)^  FAIL admin-api .*HTTP 401 unauthorized")
                    .contains("FAILED: admin-api").doesNotContain("a-wrong-admin-token");
        }
    }

    @Test
    void missingCredentialsAreAUsageError() throws IOException {
        Files.writeString(dir.resolve("empty"), "\n");
        Run run = run("--url", "http://127.0.0.1:1", "--probe-email", "p@cardea.test", "--client-id", "c",
                "--admin-token-file", dir.resolve("empty").toString(), "--probe-password-file",
                dir.resolve("empty").toString(), "--client-secret-file", dir.resolve("empty").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--admin-token-file", "is empty");
    }

    @Test
    void helpNamesEveryOptionAndTheExitCodes() {
        Run help = run("--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--url", "--issuer", "--admin-token-file", "--probe-email",
                "--probe-password-file", "--client-id", "--client-secret-file", "--create-probe", "--json",
                "--timeout", "CARDEA_SMOKE_CLIENT_SECRET", "Exit codes");
    }

    private Run smoke(SmokeTarget target, String adminToken, String... more) throws IOException {
        Path admin = Files.writeString(dir.resolve("admin-token"), adminToken);
        Path password = Files.writeString(dir.resolve("probe-password"), target.identity().password());
        Path secret = Files.writeString(dir.resolve("client-secret"), target.client().secret());
        List<String> args = new ArrayList<>(List.of("--url", target.url().toString(), "--admin-token-file",
                admin.toString(), "--probe-email", target.identity().email(), "--probe-password-file",
                password.toString(), "--client-id", target.client().clientId(), "--client-secret-file",
                secret.toString()));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    private static Run run(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int code = new CommandLine(new SmokeCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(args);
        return new Run(code, out.toString(), err.toString());
    }
}
