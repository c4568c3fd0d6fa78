package io.cardea.server.oauth2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import io.cardea.server.Json;
import io.cardea.server.TestServer;
import io.cardea.server.pages.Page;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Cardea's pages over plain HTTP: sign-up, consent (allow and deny), sign-out, the error page and
 * the maintenance banner; each form refuses a post without its CSRF token and changes nothing.
 */
@ExtendWith(PostgresExtension.class)
class PagesTest {

    static final String PASSWORD = "a long passphrase";

    @AutoClose
    static TestServer server;
    @AutoClose
    static TestServer announcing;
    @AutoClose
    static TestServer announcingLater;
    static JdbcClient sql;
    static Clients.Registered spa;

    @BeforeAll
    static void start(TestDatabase db) {
        TestServer.migrate(db);
        server = TestServer.start(db);
        Instant now = Instant.now();
        announcing = TestServer.start(db, Map.of("cardea.maintenance.message", "Upgrade <b>tonight</b> & more",
                "cardea.maintenance.from", now.minus(1, ChronoUnit.HOURS).toString(),
                "cardea.maintenance.until", now.plus(1, ChronoUnit.HOURS).toString()));
        announcingLater = TestServer.start(db, Map.of("cardea.maintenance.message", "Upgrade next week",
                "cardea.maintenance.from", now.plus(1, ChronoUnit.DAYS).toString()));
        sql = JdbcClient.create(db.dataSource());
        spa = server.server().part(Clients.class).register("pages-spa", "Pages App", Clients.Kind.PUBLIC,
                List.of(RelyingParty.REDIRECT_URI.toString()), List.of());
    }

    private static String email() {
        return UUID.randomUUID() + "@example.com";
    }

    private static long identities(String email) {
        return sql.sql("SELECT count(*) FROM identities WHERE email = ?").param(email).query(Long.class).single();
    }

    /** Posts the sign-up form of {@code page} (fetched first, for its CSRF token) with these fields. */
    private static TestServer.Response signUp(Browser browser, String page, String email, String password) {
        var form = browser.get(server, page);
        assertThat(form.status()).isEqualTo(200);
        return browser.post(server, "/sign-up", Map.of("_csrf", List.of(Browser.field(form.body(), "_csrf")),
                "return_to", List.of(Browser.field(form.body(), "return_to")), "email", List.of(email),
                "password", List.of(password)));
    }

    @Test
    void signingUpSignsInAndGoesStraightBackToTheAuthorization() {
        var rp = new RelyingParty(server, spa.clientId(), null);
        var browser = new Browser();
        var toSignIn = browser.get(server, rp.authorizationRequest(new CodeVerifier(), RelyingParty.REDIRECT_URI));
        String returnTo = Browser.field(browser.get(server, Browser.relative(toSignIn.location())).body(), "return_to");
        String email = email();

        var signedUp = signUp(browser, "/sign-up?return_to=" + URLEncoder.encode(returnTo, StandardCharsets.UTF_8), email, PASSWORD);

        assertThat(signedUp.status()).as(signedUp::toString).isEqualTo(303);
        assertThat(signedUp.location()).endsWith(returnTo);
        assertThat(browser.cookie("cardea_session")).isNotNull();
        assertThat(identities(email)).isEqualTo(1);
        var consent = browser.get(server, Browser.relative(signedUp.location()));
        assertThat(consent.status()).isEqualTo(302);
        assertThat(consent.location()).contains("/consent?");
    }

    @Test
    void signUpWithoutAnAuthorizationShowsTheSignedInPage() {
        var browser = new Browser();
        String email = email();
        var signedUp = signUp(browser, "/sign-up?return_to=https://evil.example/", email, PASSWORD);

        assertThat(signedUp.status()).isEqualTo(200);
        assertThat(signedUp.body()).contains("<title>Signed in · Cardea</title>").contains("action=\"/logout\"");
        assertThat(browser.cookie("cardea_session")).isNotNull();
    }

    @Test
    void signUpRefusalsNameTheFieldAndStoreNothing() {
        var browser = new Browser();
        String email = email();

        var weak = signUp(browser, "/sign-up", email, "short");
        assertThat(weak.status()).isEqualTo(400);
        assertThat(weak.body()).contains("aria-describedby=\"password-error password-hint\"")
                .contains("id=\"password-error\"").contains("aria-invalid=\"true\"");
        var invalid = signUp(browser, "/sign-up", "not an email", PASSWORD);
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.body()).contains("aria-describedby=\"email-error\"").contains("value=\"not an email\"");
        assertThat(identities(email)).isZero();

        server.signUpAndIn(email, PASSWORD);
        var taken = signUp(browser, "/sign-up", email.toUpperCase(), PASSWORD);
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.body()).contains("id=\"email-error\"");
        assertThat(browser.cookie("cardea_session")).isNull();

        var forged = browser.post(server, "/sign-up", Map.of("email", List.of("forged@example.com"), "password",
                List.of(PASSWORD)));
        assertThat(forged.status()).isEqualTo(403);
        assertThat(identities("forged@example.com")).isZero();
        assertThat(browser.cookie("cardea_session")).isNull();
    }

    @Test
    void theConsentPageSaysWhoAsksForWhatAndNeedsItsCsrfToken() {
        String email = email();
        server.signUpAndIn(email, PASSWORD);
        var rp = new RelyingParty(server, spa.clientId(), null);
        var browser = new Browser();
        var toSignIn = browser.get(server, rp.authorizationRequest(new CodeVerifier(), RelyingParty.REDIRECT_URI));
        var toConsent = browser.signIn(server, Browser.relative(toSignIn.location()), email, PASSWORD);
        var toPage = browser.get(server, Browser.relative(toConsent.location()));
        assertThat(toPage.location()).contains("/consent?");

        var page = browser.get(server, Browser.relative(toPage.location()));

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Allow Pages App to access your account?").contains("See your email address")
                .contains("Signed in as " + email).doesNotContain("<script").doesNotContain("https://");
        assertThat(page.header("Content-Security-Policy")).contains("default-src 'self'");
        String state = Browser.field(page.body(), "state");

        var forged = browser.post(server, "/oauth2/authorize", Map.of("client_id", List.of(spa.clientId()),
                "state", List.of(state), "scope", List.of("email")));
        assertThat(forged.status()).isEqualTo(403);
        var wrongToken = browser.post(server, "/oauth2/authorize", Map.of("_csrf", List.of("bm90LXRoZS10b2tlbg"),
                "client_id", List.of(spa.clientId()), "state", List.of(state), "scope", List.of("email")));
        assertThat(wrongToken.status()).isEqualTo(403);
        assertThat(consents(email)).isZero();

        // Deny: no scope sent; back to the app with access_denied, no code, nothing remembered.
        var denied = browser.post(server, "/oauth2/authorize", Map.of("_csrf",
                List.of(Browser.field(page.body(), "_csrf")), "client_id", List.of(spa.clientId()), "state",
                List.of(state)));
        assertThat(denied.status()).isEqualTo(302);
        assertThat(denied.location()).startsWith(RelyingParty.REDIRECT_URI.toString()).contains("error=access_denied")
                .doesNotContain("code=");
        assertThat(consents(email)).isZero();
    }

    /** How many consents the identity with this email has given. */
    private static long consents(String email) {
        return sql.sql("SELECT count(*) FROM oauth2_authorization_consent c JOIN identities i "
                + "ON c.principal_name = i.id::text WHERE i.email = ?").param(email).query(Long.class).single();
    }

    @Test
    void signingOutFromAPageOrAnAppEndsOnTheSignedOutPage() {
        String email = email();
        var browser = new Browser();
        browser.signIn(server, "/sign-in", email, PASSWORD); // unknown yet: refused
        server.signUpAndIn(email, PASSWORD);
        var signedIn = browser.signIn(server, "/sign-in", email, PASSWORD);
        assertThat(signedIn.status()).isEqualTo(200);
        String session = browser.cookie("cardea_session");

        var forged = browser.post(server, "/logout", Map.of());
        assertThat(forged.status()).isEqualTo(403);
        assertThat(server.get("/sessions/whoami", session).status()).isEqualTo(200);

        var out = browser.post(server, "/logout", Map.of("_csrf", List.of(Browser.field(signedIn.body(), "_csrf"))));
        assertThat(out.status()).isEqualTo(303);
        assertThat(out.location()).endsWith("/signed-out");
        assertThat(server.get("/sessions/whoami", session).status()).isEqualTo(401);
        var page = browser.get(server, "/signed-out");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<title>Signed out · Cardea</title>");

        // RP-initiated logout without a post_logout_redirect_uri lands on the same page.
        var rp = new RelyingParty(server, spa.clientId(), null);
        var verifier = new CodeVerifier();
        var tokens = RelyingParty.tokens(rp.exchange(AuthorizationCodeFlowTest.authorize(server, server, browser, rp,
                verifier, email), verifier));
        String second = browser.cookie("cardea_session");
        var rpLogout = browser.get(server, "/connect/logout?id_token_hint=" + tokens.getIDTokenString());
        assertThat(rpLogout.status()).isEqualTo(302);
        assertThat(rpLogout.location()).endsWith("/signed-out");
        assertThat(server.get("/sessions/whoami", second).status()).isEqualTo(401);
    }

    @Test
    void errorsAreAFriendlyPageForBrowsersAndJsonForPrograms() {
        String bad = "/oauth2/authorize?response_type=code&client_id=nobody&redirect_uri=http://127.0.0.1:9876/x";
        var page = server.send(server.request(bad, null).header("Accept", "text/html,application/xhtml+xml").GET());

        assertThat(page.status()).isEqualTo(400);
        assertThat(page.body()).contains("<html lang=\"en\"").contains("Bad Request")
                .containsPattern("reference: <span class=\"reference\">[0-9a-f]{12}</span>")
                .doesNotContain("Exception").doesNotContain("at org.").doesNotContain("nobody");
        assertThat(page.header("Content-Security-Policy")).contains("default-src 'self'");

        var json = server.get(bad, null);
        assertThat(json.status()).isEqualTo(400);
        assertThat(Json.read(json.body()).get("error").asString()).isEqualTo("bad_request");
    }

    @Test
    void theMaintenanceBannerShowsEscapedInsideItsWindowOnly() {
        for (String path : List.of("/sign-in", "/sign-up")) {
            assertThat(announcing.get(path, null).body()).contains("class=\"banner\"")
                    .contains("Upgrade &lt;b&gt;tonight&lt;/b&gt; &amp; more").doesNotContain("<b>tonight");
            assertThat(announcingLater.get(path, null).body()).doesNotContain("class=\"banner\"")
                    .doesNotContain("Upgrade next week");
            assertThat(server.get(path, null).body()).doesNotContain("class=\"banner\"");
        }
    }

    @Test
    void aBannerTimeThatDoesNotParseStopsTheServerNamingTheVariable(TestDatabase db) {
        assertThatThrownBy(() -> TestServer.start(db, Map.of("cardea.maintenance.message", "Soon",
                "cardea.maintenance.until", "tomorrow at two")).close())
                .hasStackTraceContaining("CARDEA_MAINTENANCE_UNTIL is 'tomorrow at two'");
    }

    @Test
    void everyPageUsesOnlyCardeasOwnStylesheetAndNoScript() {
        var css = server.get("/cardea.css", null);
        assertThat(css.status()).isEqualTo(200);
        assertThat(css.body()).contains(":focus-visible");
        for (String path : List.of("/sign-in", "/sign-up", "/signed-out")) {
            var page = server.get(path, null);
            assertThat(page.body()).contains("<html lang=\"en\"").contains("href=\"/cardea.css\"")
                    .doesNotContain("<script").doesNotContain("style=").doesNotContain("//cdn");
            assertThat(page.header("Content-Security-Policy")).isEqualTo(Page.CONTENT_SECURITY_POLICY);
            assertThat(page.body()).containsPattern("<label for=\"email\">|<h1>Signed out</h1>");
        }
    }
}
