package io.cardea.server.oauth2;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardea.server.TestServer;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * A person in a real browser (Debian's headless Chromium, driven by src/test/js/browser-sign-in.mjs):
 * signs up, signs in on Cardea's page, approves consent and is sent back to the client with a code.
 * The sign-in page's screenshot is left in target/screenshots for people to look at.
 */
@ExtendWith(PostgresExtension.class)
class ChromiumSignInTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private static TestServer server;

    @BeforeAll
    static void start(TestDatabase db) {
        TestServer.migrate(db);
        server = TestServer.start(db);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void signUpSignInConsentAndBackToTheClient(@TempDir Path profile) throws Exception {
        assertThat(Files.isExecutable(CHROMIUM)).as("%s is missing: build/test-packages installs it"
                + " (apt-get install chromium)", CHROMIUM).isTrue();
        var spa = server.server().part(Clients.class).register("browser-spa", "Single-page app", Clients.Kind.PUBLIC,
                List.of(RelyingParty.REDIRECT_URI.toString()), List.of());
        String state = UUID.randomUUID().toString();
        Path screenshot = Path.of("target/screenshots/sign-in.png").toAbsolutePath();
        Files.createDirectories(screenshot.getParent());
        Files.deleteIfExists(screenshot);

        var run = NodeScripts.run("browser-sign-in.mjs", Map.of("CARDEA_URL", server.url(""), "CLIENT_ID",
                spa.clientId(), "REDIRECT_URI", RelyingParty.REDIRECT_URI.toString(), "STATE", state,
                "USER_EMAIL", "chromium@example.com", "USER_PASSWORD", "a long passphrase", "USER_DATA_DIR",
                profile.toString(), "SCREENSHOT", screenshot.toString()));

        assertThat(run.exitCode()).as(run::output).isZero();
        var result = run.result();
        assertThat(result.at("/signUp").asInt()).isEqualTo(201);
        assertThat(result.at("/signInPage/path").asString()).isEqualTo("/sign-in");
        assertThat(result.at("/signInPage/title").asString()).isEqualTo("Sign in · Cardea");
        assertThat(result.at("/consentPage/path").asString()).isEqualTo("/oauth2/authorize");
        URI finalUrl = URI.create(result.at("/finalUrl").asString());
        assertThat(finalUrl.resolve(finalUrl.getRawPath())).isEqualTo(RelyingParty.REDIRECT_URI);
        var query = UriComponentsBuilder.fromUri(finalUrl).build().getQueryParams();
        assertThat(query.getFirst("code")).isNotBlank();
        assertThat(query.getFirst("state")).isEqualTo(state);
        assertThat(screenshot).isNotEmptyFile();
    }
}
