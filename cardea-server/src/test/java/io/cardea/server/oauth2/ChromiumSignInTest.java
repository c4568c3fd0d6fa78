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
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * A person in a real browser (Debian's headless Chromium with JavaScript off, driven by
 * src/test/js/browser-sign-in.mjs): signs up on Cardea's page, signs out, signs in from an app's
 * authorization request, approves consent and is sent back to the app with a code, which the script
 * exchanges for tokens. Every page's controls measure at least 24x24 CSS pixels, its text has a
 * contrast of at least 4.5:1, keyboard focus is outlined, and nothing is fetched from anywhere but 127.0.0.1. Each page's
 * screenshot is left in target/screenshots.
 */
@ExtendWith(PostgresExtension.class)
class ChromiumSignInTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    static final List<String> PAGES = List.of("sign-up", "signed-in", "signed-out", "sign-in", "consent", "error");

    @AutoClose
    private static TestServer server;

    @BeforeAll
    static void start(TestDatabase db) {
        TestServer.migrate(db);
        server = TestServer.start(db);
    }

    @Test
    void signUpSignInConsentAndBackToTheClient(@TempDir Path profile) throws Exception {
        assertThat(Files.isExecutable(CHROMIUM)).as("%s is missing: build/test-packages installs it"
                + " (apt-get install chromium)", CHROMIUM).isTrue();
        var spa = server.server().part(Clients.class).register("browser-spa", "Single-page app", Clients.Kind.PUBLIC,
                List.of(RelyingParty.REDIRECT_URI.toString()), List.of());
        String state = UUID.randomUUID().toString();
        Path screenshots = Path.of("target/screenshots").toAbsolutePath();
        Files.createDirectories(screenshots);
        for (String page : PAGES) {
            Files.deleteIfExists(screenshots.resolve(page + ".png"));
        }

        var run = NodeScripts.run("browser-sign-in.mjs", Map.of("CARDEA_URL", server.url(""), "CLIENT_ID",
                spa.clientId(), "REDIRECT_URI", RelyingParty.REDIRECT_URI.toString(), "STATE", state,
                "USER_EMAIL", "chromium@example.com", "USER_PASSWORD", "a long passphrase", "USER_DATA_DIR",
                profile.toString(), "SCREENSHOTS", screenshots.toString()));

        assertThat(run.exitCode()).as(run::output).isZero();
        var result = run.result();
        assertThat(result.at("/pages/sign-up/title").asString()).isEqualTo("Create an account · Cardea");
        assertThat(result.at("/pages/signed-in/title").asString()).isEqualTo("Signed in · Cardea");
        assertThat(result.at("/pages/signed-out/path").asString()).isEqualTo("/signed-out");
        assertThat(result.at("/pages/sign-in/path").asString()).isEqualTo("/sign-in");
        assertThat(result.at("/pages/sign-in/title").asString()).isEqualTo("Sign in · Cardea");
        assertThat(result.at("/pages/consent/path").asString()).isEqualTo("/consent");
        assertThat(result.at("/pages/error/title").asString()).isEqualTo("Bad Request · Cardea");
        for (String page : PAGES) {
            assertThat(result.at("/pages/" + page + "/lang").asString()).as(page).isEqualTo("en");
            assertThat(result.at("/pages/" + page + "/targets").asInt()).as(page).isPositive();
            assertThat(result.at("/pages/" + page + "/tooSmall")).as(page + ": controls under 24x24 px").isEmpty();
            assertThat(result.at("/pages/" + page + "/texts").asInt()).as(page).isPositive();
            assertThat(result.at("/pages/" + page + "/focusVisible").asBoolean()).as(page + ": focus outline").isTrue();
            assertThat(result.at("/pages/" + page + "/lowContrast")).as(page + ": text under 4.5:1").isEmpty();
            assertThat(screenshots.resolve(page + ".png")).isNotEmptyFile();
        }
        assertThat(result.at("/outsideRequests")).as("requests that left 127.0.0.1").isEmpty();

        URI finalUrl = URI.create(result.at("/finalUrl").asString());
        assertThat(finalUrl.resolve(finalUrl.getRawPath())).isEqualTo(RelyingParty.REDIRECT_URI);
        var query = UriComponentsBuilder.fromUri(finalUrl).build().getQueryParams();
        assertThat(query.getFirst("code")).isNotBlank();
        assertThat(query.getFirst("state")).isEqualTo(state);
        assertThat(result.at("/tokens/accessToken").asBoolean()).isTrue();
        assertThat(result.at("/tokens/email").asString()).isEqualTo("chromium@example.com");
    }
}
