package io.cardea.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardea.Cardea;
import io.cardea.ops.deploy.Deployment;
import io.cardea.ops.deploy.InstanceView;
import io.cardea.ops.deploy.SupervisorClient;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code cardea deploy start} as systemd runs it: its own process in the foreground, stopped with SIGTERM. */
@ExtendWith(PostgresExtension.class)
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class DeployStartProcessTest {

    @TempDir
    Path work;

    @Test
    void servesThroughItsGatewayAndStopsEveryInstanceOnSigterm(TestDatabase db) throws Exception {
        Path dir = work.resolve("deployment");
        Cli init = Cli.run("deploy", "init", dir.toString(), "--release", TestRelease.current().toString(),
                "--database-url", db.jdbcUrl(), "--database-user", db.user(), "--gateway-listen", "127.0.0.1:0",
                "--instances", "2");
        assertThat(init.exitCode()).as(init.out() + init.err()).isZero();
        assertThat(init.out()).contains("Created the deployment", "Next: `cardea deploy start")
                .doesNotContain(Deployment.at(dir).config().adminToken());

        Path log = work.resolve("supervisor.log");
        Process supervisor = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), Cardea.class.getName(), "deploy", "start", dir.toString())
                .redirectError(log.toFile()).start();
        try {
            String url = servingUrl(supervisor, log);
            assertThat(new Http(java.net.URI.create(url)).get("/oauth2/jwks").statusCode()).isEqualTo(200);
            List<InstanceView> instances = SupervisorClient.of(Deployment.at(dir)).instances();
            assertThat(instances).hasSize(2).allMatch(InstanceView::running);
            Cli status = Cli.run("deploy", "status", dir.toString());
            assertThat(status.out()).contains("release " + System.getProperty("cardea.project.version").replace("-SNAPSHOT", ""), instances.getFirst().id(), "running");

            supervisor.destroy(); // SIGTERM

            assertThat(supervisor.waitFor(3, TimeUnit.MINUTES)).as("exited after draining its instances").isTrue();
            for (InstanceView i : instances) {
                assertThat(ProcessHandle.of(i.pid()).map(ProcessHandle::isAlive).orElse(false))
                        .as("instance " + i.id() + " stopped with the supervisor").isFalse();
            }
            assertThat(Files.readString(log)).doesNotContain(Deployment.at(dir).config().adminToken())
                    .doesNotContain(Deployment.at(dir).controlToken());
        } finally {
            supervisor.destroyForcibly();
        }
    }

    private static String servingUrl(Process supervisor, Path log) throws Exception {
        var out = new BufferedReader(new InputStreamReader(supervisor.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = out.readLine()) != null; ) {
            int at = line.indexOf(" is serving on ");
            if (at > 0) {
                return line.substring(at + " is serving on ".length()).split(" ")[0];
            }
        }
        throw new AssertionError("cardea deploy start exited without serving:\n" + Files.readString(log));
    }
}
