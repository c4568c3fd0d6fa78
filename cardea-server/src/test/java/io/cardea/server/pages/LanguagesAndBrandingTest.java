package io.cardea.server.pages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardea.server.TestServer;
import io.cardea.server.TestServer.Response;
import io.cardea.server.oauth2.Browser;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import io.cardea.testing.TestMail;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Pages and mails in the reader's language, and the operator's product name, colour and theme. */
@ExtendWith(PostgresExtension.class)
class LanguagesAndBrandingTest {

    @AutoClose
    static TestMail mail;
    @AutoClose
    static TestServer server;
    static TestDatabase db;

    @BeforeAll
    static void start(TestDatabase database) {
        db = database;
        mail = TestMail.start();
        TestServer.migrate(db);
        server = TestServer.start(db, mail.settings());
    }

    private static Response get(String path, String acceptLanguage) {
        var request = server.request(path, null).GET();
        if (acceptLanguage != null) {
            request.header("Accept-Language", acceptLanguage);
        }
        return server.send(request);
    }

    @Test
    void theBrowsersLanguageChoosesThePagesLanguage() {
        Response german = get("/sign-in", "de-DE,de;q=0.9,en;q=0.5");
        assertThat(german.body()).contains("<html lang=\"de\"", "<title>Anmelden · Cardea</title>",
                "Passwort", "Konto erstellen");
        Response english = get("/sign-in", "en-GB");
        assertThat(english.body()).contains("<html lang=\"en\"", "<title>Sign in · Cardea</title>", "Create an account");
        assertThat(get("/sign-in", "fr-FR,fr;q=0.9").body()).as("a language Cardea does not speak").contains(
                "<html lang=\"en\"");
        assertThat(get("/sign-in", "!!!;q=x").body()).as("a malformed header").contains("<html lang=\"en\"");
    }

    @Test
    void anAppsUiLocalesWinOverTheBrowser() {
        String returnTo = "/oauth2/authorize?client_id=x&ui_locales=" + URLEncoder.encode("fr de", StandardCharsets.UTF_8);
        Response page = get("/sign-in?return_to=" + URLEncoder.encode(returnTo, StandardCharsets.UTF_8), "en");
        assertThat(page.body()).contains("<html lang=\"de\"", "Anmelden");
        assertThat(get("/sign-up?ui_locales=de", "en").body()).contains("<html lang=\"de\"", "Mindestens 8 Zeichen");
    }

    @Test
    void refusalsAndTheErrorPageSpeakTheLanguageToo() {
        var form = server.request("/sign-in", null).header("Accept-Language", "de").GET();
        Response page = server.send(form);
        String csrf = Browser.field(page.body(), "_csrf");
        String cookie = page.setCookies().stream().map(c -> c.split(";", 2)[0]).reduce((a, b) -> a + "; " + b)
                .orElseThrow();
        Response wrong = server.send(server.request("/sign-in", null).header("Accept-Language", "de")
                .header("Cookie", cookie).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("_csrf=" + URLEncoder.encode(csrf,
                        StandardCharsets.UTF_8) + "&email=nobody%40example.com&password=wrong+password")));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.body()).contains("Die E-Mail-Adresse oder das Passwort ist falsch.");

        Response error = get("/recovery/new-password?token=no-such-token", "de");
        assertThat(error.status()).isEqualTo(400);
        assertThat(error.body()).contains("<html lang=\"de\"", "Ungültige Anfrage", "abgelaufen",
                "nennen Sie diese Referenz");
    }

    @Test
    void mailIsWrittenInTheLanguageOfTheRequestThatCausedIt() throws Exception {
        server.signUpAndIn("deutsch@example.com", "ein langes Passwort");
        awaitRecovery();
        Response asked = server.send(server.request("/self-service/recovery", null).header("Accept-Language", "de")
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"email\":\"deutsch@example.com\"}")));
        assertThat(asked.status()).isEqualTo(202);

        // The recovery mail: the sign-up may have been mailed to verify the address too.
        TestMail.Received received = mail.await("deutsch@example.com", "Passwort");
        assertThat(received.subject()).isEqualTo("Setzen Sie Ihr Passwort für Cardea zurück");
        assertThat(received.text()).contains("Oder geben Sie diesen Code");
        assertThat(received.html()).contains("lang=\"de\"");
    }

    @Test
    void everyTextHasBothLanguagesAndEveryKeyATextInTheBundle() throws IOException {
        for (String bundle : new String[] {"i18n/pages", "i18n/mail"}) {
            Set<String> english = keys(bundle + ".properties");
            Set<String> german = keys(bundle + "_de.properties");
            Set<String> untranslated = new HashSet<>(english);
            untranslated.removeAll(german);
            assertThat(untranslated).as(bundle + ": English keys without German").isEmpty();
            Set<String> unknown = new HashSet<>(german);
            unknown.removeAll(english);
            unknown.removeIf(k -> k.startsWith("error.") && bundle.endsWith("pages"));
            assertThat(unknown).as(bundle + ": German keys that English does not have").isEmpty();
        }
        Set<String> pages = keys("i18n/pages.properties");
        Set<String> mails = keys("i18n/mail.properties");
        Pattern used = Pattern.compile("#\\{([a-z0-9.-]+)[}(]");
        try (Stream<Path> templates = Files.walk(Path.of("src/main/resources/templates"))) {
            for (Path t : templates.filter(p -> p.toString().endsWith(".html") || p.toString().endsWith(".txt"))
                    .toList()) {
                Matcher m = used.matcher(Files.readString(t));
                while (m.find()) {
                    assertThat(t.toString().contains("/mail/") ? mails : pages).as(t + " uses " + m.group(1))
                            .contains(m.group(1));
                }
            }
        }
    }

    @Test
    void theOperatorsProductNameColourLogoAndTemplatesReplaceCardeas(@TempDir Path theme) throws Exception {
        Files.createDirectories(theme.resolve("templates"));
        Files.createDirectories(theme.resolve("static"));
        Files.writeString(theme.resolve("static/logo.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
        Files.writeString(theme.resolve("static/theme.css"), "main { max-width: 30rem; }");
        Files.writeString(theme.resolve("templates/signed-out.html"), """
                <!DOCTYPE html><html xmlns:th="http://www.thymeleaf.org"><body><p>Goodbye from the theme</p></body></html>""");
        Map<String, String> settings = new HashMap<>(Map.of("cardea.branding.product-name", "Example ID",
                "cardea.branding.accent-colour", "#7a1f5c", "cardea.branding.theme", theme.toString()));
        try (TestServer branded = TestServer.start(db, settings)) {
            Response signIn = branded.get("/sign-in", null);
            assertThat(signIn.body()).contains("<title>Sign in · Example ID</title>", "href=\"/branding.css\"",
                    "href=\"/theme/theme.css\"", "src=\"/theme/logo.svg\"", "alt=\"Example ID\"");
            assertThat(branded.get("/branding.css", null).body()).contains("--accent: #7a1f5c");
            Response logo = branded.get("/theme/logo.svg", null);
            assertThat(logo.status()).isEqualTo(200);
            assertThat(logo.body()).contains("<svg");
            assertThat(branded.get("/signed-out", null).body()).contains("Goodbye from the theme");
            assertThat(branded.get("/sign-up", null).body()).as("a template the theme does not have")
                    .contains("Create an account · Example ID");
            assertThat(branded.get("/theme/../../etc/passwd", null).status()).isNotEqualTo(200);
        }
        assertThat(server.get("/sign-in", null).body()).as("without branding").doesNotContain("branding.css",
                "theme.css", "<header");
    }

    @Test
    void anAccentColourWithoutContrastStopsTheStart() {
        assertThatThrownBy(() -> TestServer.start(db, Map.of("cardea.branding.accent-colour", "#ffee88")).close())
                .rootCause().hasMessageContaining("cardea.branding.accent-colour #ffee88 has a contrast of")
                .hasMessageContaining("4.5:1");
    }

    private static void awaitRecovery() throws InterruptedException {
        for (int i = 0; i < 300 && server.get("/recovery", null).status() != 200; i++) {
            Thread.sleep(100);
        }
    }

    private static Set<String> keys(String resource) throws IOException {
        Properties p = new Properties();
        try (InputStream in = LanguagesAndBrandingTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p.stringPropertyNames();
    }
}
