package io.cardea.server.oauth2;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.cardea.server.TestServer;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import io.cardea.testing.TestMail;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A person in a real browser (Debian's headless Chromium, JavaScript off, driven by
 * src/test/js/browser-accounts.mjs) with real mail (GreenMail): signs up, confirms the address
 * from the mail, signs in, forgets the password, resets it from the mail's link, and signs in with
 * the new one; a device signed in before the reset is signed out by it.
 */
@ExtendWith(PostgresExtension.class)
class ChromiumAccountsTest {

    @AutoClose
    static TestMail mail;
    @AutoClose
    static TestServer server;

    @BeforeAll
    static void start(TestDatabase db) {
        mail = TestMail.start();
        TestServer.migrate(db);
        Map<String, String> settings = new HashMap<>(mail.settings());
        settings.put("cardea.session.secure-cookie", "false");
        server = TestServer.start(db, settings);
        server.awaitOffered("/recovery");
    }

    @Test
    void signUpConfirmSignInForgetResetAndSignInAgain(@TempDir Path profiles) throws Exception {
        assertThat(Files.isExecutable(ChromiumSignInTest.CHROMIUM)).as("%s is missing: build/test-packages installs it"
                + " (apt-get install chromium)", ChromiumSignInTest.CHROMIUM).isTrue();
        String email = "chromium-accounts@example.com";
        HttpServer mailbox = mailbox(email);
        try {
            var run = NodeScripts.run("browser-accounts.mjs", Map.of("CARDEA_URL", server.url(""), "MAILBOX_URL",
                    "http://127.0.0.1:" + mailbox.getAddress().getPort() + "/latest", "USER_EMAIL", email,
                    "OLD_PASSWORD", "the first passphrase", "NEW_PASSWORD", "the second passphrase",
                    "USER_DATA_DIR", profiles.toString()));

            assertThat(run.exitCode()).as(run::output).isZero();
            var result = run.result();
            List<String> headings = new java.util.ArrayList<>();
            result.get("steps").forEach(s -> headings.add(s.get("name").asString() + ": " + s.get("heading").asString()));
            assertThat(headings).containsExactly(
                    "signed-up: Confirm your email address",
                    "verified: Your address is verified",
                    "signed-in: Signed in",
                    "recovery: Forgot your password?",
                    "recovery-code: Check your mail",
                    "new-password: Choose a new password",
                    "password-changed: Password changed",
                    "signed-in-again: Signed in");
            assertThat(result.get("otherDeviceBefore").asInt()).isEqualTo(200);
            assertThat(result.get("oldPasswordError").asString()).isEqualTo("The email address or the password is wrong.");
            assertThat(result.get("otherDeviceAfter").asInt()).as("the device signed in before the reset").isEqualTo(401);
            assertThat(mail.to(email)).extracting(TestMail.Received::subject).containsExactly(
                    "Confirm your email address for Cardea", "Reset your Cardea password",
                    "Your Cardea password was changed");
        } finally {
            mailbox.stop(0);
        }
    }

    /**
     * The test's mailbox for the script: {@code GET /latest?to=...&subject=...} answers the link of
     * the newest mail to that address whose subject starts so, waiting up to 20 s for it.
     */
    private static HttpServer mailbox(String allowed) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/latest", exchange -> {
            Map<String, String> query = new HashMap<>();
            for (String pair : exchange.getRequestURI().getRawQuery().split("&")) {
                String[] kv = pair.split("=", 2);
                query.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
            String body = null;
            Instant until = Instant.now().plus(Duration.ofSeconds(20));
            while (body == null && Instant.now().isBefore(until) && allowed.equals(query.get("to"))) {
                body = mail.to(query.get("to")).reversed().stream()
                        .filter(r -> r.subject().startsWith(query.get("subject"))).findFirst()
                        .map(r -> "{\"link\":\"" + r.text().lines().filter(l -> l.startsWith("http")).findFirst()
                                .orElseThrow() + "\"}")
                        .orElse(null);
                if (body == null) {
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
            }
            byte[] answer = (body == null ? "no such mail" : body).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(body == null ? 404 : 200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        http.start();
        return http;
    }
}
