package io.cardea;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cardea dev} run twice on one data folder, as a developer does from one day to the next. */
class CardeaDevProcessTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void runsEverythingAndKeepsItsDataBetweenRuns(@TempDir Path work) throws Exception {
        Path data = work.resolve("cardea-data");

        Run first = Run.start(data, work);
        String sessionCookie;
        try {
            String password = first.lineStartingWith("Demo admin created: admin@cardea.test  password: ")
                    .substring("Demo admin created: admin@cardea.test  password: ".length()).strip();
            assertThat(first.lines()).anyMatch(l -> l.contains("applied V1 identities"))
                    .as("the generated Spring AOT initializer wired the server")
                    .anyMatch(l -> l.startsWith("Started in ") && l.endsWith("(configuration prepared at build time)"));
            var login = signIn(first.url(), password);
            assertThat(login.statusCode()).isEqualTo(200);
            // Plain HTTP in development: the cookie must not be Secure, or browsers would drop it.
            assertThat(login.headers().firstValue("Set-Cookie").orElseThrow()).doesNotContain("Secure");
            sessionCookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
        } finally {
            first.stop();
        }
        // The cookie secret is made once and kept with the data, readable by its owner only.
        assertThat(Files.readString(data.resolve("cookie-secret")).strip()).hasSizeGreaterThanOrEqualTo(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("cookie-secret"))))
                .isEqualTo("rw-------");

        Run second = Run.start(data, work);
        try {
            assertThat(second.lines()).contains("Schema up to date.")
                    .anyMatch(l -> l.startsWith("Demo admin: admin@cardea.test (its password was printed"));
            assertThat(signIn(second.url(), "wrong password").statusCode()).isEqualTo(401);
            assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(second.url() + "/sessions/whoami"))
                    .header("Cookie", sessionCookie).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                    .as("a session cookie of the first run, signed with the kept secret").isEqualTo(200);
        } finally {
            second.stop();
        }
    }

    private static HttpResponse<String> signIn(String url, String password) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url + "/self-service/login"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"admin@cardea.test\",\"password\":\""
                        + password + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    private record Run(Process process, List<String> lines, String url, Path log) {

        static Run start(Path data, Path work) throws Exception {
            Path log = Files.createTempFile(work, "cardea-dev", ".log");
            Process p = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                    "-cp", System.getProperty("java.class.path"), Cardea.class.getName(),
                    "dev", "--data-dir", data.toString(), "--port", "0")
                    .redirectError(log.toFile()).start();
            var out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            List<String> lines = new ArrayList<>();
            for (String line; (line = out.readLine()) != null; ) {
                lines.add(line);
                if (line.startsWith("Cardea is running on ")) {
                    String url = line.substring("Cardea is running on ".length()).split(" ", 2)[0];
                    return new Run(p, lines, url, log);
                }
            }
            throw new AssertionError("cardea dev exited without serving:\n" + String.join("\n", lines) + "\n"
                    + Files.readString(log));
        }

        String lineStartingWith(String prefix) {
            return lines.stream().filter(l -> l.startsWith(prefix)).findFirst()
                    .orElseThrow(() -> new AssertionError("no line '" + prefix + "' in " + lines));
        }

        /** SIGTERM, as Ctrl-C or a process manager would; the embedded PostgreSQL must stop with it. */
        void stop() throws Exception {
            process.destroy();
            try {
                assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("cardea dev exited").isTrue();
            } finally {
                process.destroyForcibly();
            }
        }
    }
}
