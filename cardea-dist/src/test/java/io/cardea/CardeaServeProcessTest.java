package io.cardea;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardea.migrate.Migrator;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code cardea serve} as an operator runs it: its own process, stopped with SIGTERM. */
@ExtendWith(PostgresExtension.class)
class CardeaServeProcessTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void serveWithoutACookieSecretSaysHowToMakeOne(TestDatabase db) throws Exception {
        Migrator.configure().dataSource(db.dataSource()).releaseMigrations().load().up();

        CommandLineRun o = CommandLineRun.process(Map.of("CARDEA_SECRETS_SYSTEM",
                "a-test-system-secret-of-32-characters-or-more", "CARDEA_SECRETS_COOKIE", ""),
                "serve", "--database-url", db.jdbcUrl(), "--database-user", db.user(), "--port", "0");

        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.err()).contains("cardea: CARDEA_SECRETS_COOKIE is not set", "openssl rand -base64 48")
                .doesNotContain("Exception");
    }

    @Test
    void servesThenDrainsOnSigterm(TestDatabase db) throws Exception {
        Migrator.configure().dataSource(db.dataSource()).releaseMigrations().load().up();
        Path log = Files.createTempFile("cardea-serve", ".log");
        var command = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), Cardea.class.getName(),
                "serve", "--database-url", db.jdbcUrl(), "--database-user", db.user(), "--port", "0")
                .redirectError(log.toFile());
        command.environment().put("CARDEA_SHUTDOWN_DRAIN_DELAY", "5s");
        // Settings bind at start also when the beans were prepared at build time.
        command.environment().put("CARDEA_HTTP_MAX_BODY_SIZE", "1KB");
        command.environment().put("CARDEA_SECRETS_SYSTEM", "a-test-system-secret-of-32-characters-or-more");
        command.environment().put("CARDEA_SECRETS_COOKIE", "a-test-cookie-secret-of-32-characters-or-more");
        Process server = command.start();
        try {
            List<String> lines = new ArrayList<>();
            String base = servingUrl(server, log, lines);
            assertThat(lines).as("the generated Spring AOT initializer wired the server")
                    .anyMatch(l -> l.startsWith("Started in ") && l.endsWith("(configuration prepared at build time)"));

            assertThat(status(base + "/health/ready")).isEqualTo(200);
            assertThat(post(base + "/self-service/registration",
                    "{\"email\":\"proc@example.com\",\"password\":\"a long passphrase\"}")).isEqualTo(201);
            assertThat(post(base + "/self-service/registration", "{\"email\":\"big@example.com\",\"password\":\""
                    + "p".repeat(2048) + "\"}")).as("CARDEA_HTTP_MAX_BODY_SIZE").isEqualTo(413);

            server.destroy(); // SIGTERM
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
            int ready;
            do {
                ready = status(base + "/health/ready");
            } while (ready == 200 && System.nanoTime() < deadline);
            assertThat(ready).isEqualTo(503);
            assertThat(status(base + "/health/alive")).isEqualTo(200);

            assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("exited after the drain").isTrue();
            assertThat(Files.readString(log)).doesNotContain("a long passphrase");
        } finally {
            server.destroyForcibly();
        }
    }

    private static String servingUrl(Process server, Path log, List<String> lines) throws Exception {
        var out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = out.readLine()) != null; ) {
            lines.add(line);
            if (line.startsWith("Cardea is serving on ")) {
                return line.substring("Cardea is serving on ".length()).strip();
            }
        }
        throw new AssertionError("cardea serve exited without serving:\n" + Files.readString(log));
    }

    private static int status(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static int post(String url, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
