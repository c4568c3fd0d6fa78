package io.cardea.server.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardea.server.Json;
import io.cardea.server.TestServer;
import io.cardea.server.TestServer.Response;
import io.cardea.server.oauth2.Browser;
import io.cardea.server.pages.Page;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import io.cardea.testing.TestMail;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The signed-in person's own account, through the JSON API and the pages: profile, a new password
 * (with the notice received by a real SMTP server), sessions, and deletion; and that every refusal
 * changes nothing.
 */
@ExtendWith(PostgresExtension.class)
class AccountTest {

    static final String PASSWORD = "a long passphrase";
    static final String NEW_PASSWORD = "another long passphrase";

    @AutoClose
    static TestMail mail;
    @AutoClose
    static TestServer server;
    static JdbcClient sql;
    /** Tests that count failed passwords do it from addresses of their own (the server believes X-Forwarded-For from loopback). */
    static final AtomicInteger ADDRESSES = new AtomicInteger(1);

    @BeforeAll
    static void start(TestDatabase db) {
        mail = TestMail.start();
        TestServer.migrate(db);
        server = TestServer.start(db, mail.settings());
        sql = JdbcClient.create(db.dataSource());
        server.awaitOffered("/recovery");
    }

    private static String email() {
        return UUID.randomUUID() + "@example.com";
    }

    private static Response changePassword(String session, String current, String newPassword) {
        return server.post("/self-service/account/password", "{\"current_password\":\"" + current
                + "\",\"new_password\":\"" + newPassword + "\"}", session);
    }

    private static Response deleteAccount(String session, String password) {
        return server.send(server.request("/self-service/account", session).header("Content-Type", "application/json")
                .method("DELETE", HttpRequest.BodyPublishers.ofString("{\"password\":\"" + password + "\"}")));
    }

    private static boolean live(String session) {
        return server.get("/sessions/whoami", session).status() == 200;
    }

    private static boolean signsIn(String email, String password) {
        return server.post("/self-service/login", Json.credentials(email, password), null).status() == 200;
    }

    private static long count(String query, Object parameter) {
        return sql.sql(query).param(parameter).query(Long.class).single();
    }

    private static UUID idOf(String session) {
        return UUID.fromString(Json.read(server.get("/self-service/account", session).body()).get("id").asString());
    }

    private static void assertRefused(Response r, int status, String error, String field) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        JsonNode body = Json.read(r.body());
        assertThat(body.get("error").asString()).isEqualTo(error);
        if (field != null) {
            assertThat(body.get("field").asString()).isEqualTo(field);
        }
    }

    @Test
    void theProfileShowsTheAddressWhetherItIsVerifiedAndWhenTheAccountWasCreated() {
        String email = email();
        String session = server.signUpAndIn(email, PASSWORD);

        JsonNode profile = Json.read(server.get("/self-service/account", session).body());

        assertThat(profile.get("email").asString()).isEqualTo(email);
        assertThat(profile.get("email_verified").asBoolean()).isFalse();
        assertThat(profile.get("created_at").asString()).isNotBlank();
        assertThat(profile.properties()).extracting(Map.Entry::getKey)
                .containsExactlyInAnyOrder("id", "email", "email_verified", "created_at");
        sql.sql("UPDATE identities SET verified_email = email WHERE email = ?").param(email).update();
        assertThat(Json.read(server.get("/self-service/account", session).body()).get("email_verified").asBoolean())
                .isTrue();
    }

    @Test
    void aNewPasswordKeepsThisSessionEndsTheOthersAndIsToldToTheAddress() {
        String email = email();
        String here = server.signUpAndIn(email, PASSWORD);
        String elsewhere = server.signIn(email, PASSWORD);

        Response changed = changePassword(here, PASSWORD, NEW_PASSWORD);

        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(Json.read(changed.body()).get("status").asString()).isEqualTo("password_changed");
        assertThat(live(here)).isTrue();
        assertThat(live(elsewhere)).isFalse();
        assertThat(signsIn(email, PASSWORD)).isFalse();
        assertThat(signsIn(email, NEW_PASSWORD)).isTrue();
        TestMail.Received notice = mail.await(email, "password was changed");
        assertThat(notice.subject()).isEqualTo("Your Cardea password was changed");
        assertThat(notice.text()).contains("/recovery").doesNotContain(NEW_PASSWORD).doesNotContain(PASSWORD);
    }

    @Test
    void withoutAccountMailTheNewPasswordIsStoredAndNothingIsQueued(TestDatabase db) {
        try (TestServer mailless = TestServer.start(db)) {
            String email = email();
            String session = mailless.signUpAndIn(email, PASSWORD);

            Response changed = mailless.post("/self-service/account/password", "{\"current_password\":\"" + PASSWORD
                    + "\",\"new_password\":\"" + NEW_PASSWORD + "\"}", session);

            assertThat(changed.status()).as(changed.body()).isEqualTo(200);
            assertThat(signsIn(email, NEW_PASSWORD)).isTrue();
            assertThat(count("SELECT count(*) FROM mail_outbox WHERE recipient = ?", email)).isZero();
        }
    }

    @Test
    void aWrongCurrentPasswordChangesNothingAndCountsAsAFailedSignIn() {
        String email = email();
        String here = server.signUpAndIn(email, PASSWORD);
        String elsewhere = server.signIn(email, PASSWORD);
        String from = "10.8.0." + ADDRESSES.getAndIncrement();

        for (int i = 0; i < 5; i++) {
            Response wrong = server.send(server.request("/self-service/account/password", here)
                    .header("Content-Type", "application/json").header("X-Forwarded-For", from)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"current_password\":\"not it at all\","
                            + "\"new_password\":\"" + NEW_PASSWORD + "\"}")));
            assertRefused(wrong, 400, "invalid_credentials", "current_password");
        }

        assertThat(live(here)).isTrue();
        assertThat(live(elsewhere)).isTrue();
        assertThat(count("SELECT count(*) FROM mail_outbox WHERE recipient = ? AND purpose = 'password-changed'",
                email)).isZero();
        // Five failures lock the account's sign-in as five wrong sign-ins would, even with the right password.
        Response locked = changePassword(here, PASSWORD, NEW_PASSWORD);
        assertRefused(locked, 429, "too_many_attempts", null);
        assertThat(locked.retryAfter()).isNotNull();
        assertThat(server.post("/self-service/login", Json.credentials(email, PASSWORD), null).status()).isEqualTo(429);
        sql.sql("DELETE FROM sign_in_failures WHERE email_lower = ?").param(email).update();
        assertThat(signsIn(email, PASSWORD)).isTrue();
        assertThat(signsIn(email, NEW_PASSWORD)).isFalse();
    }

    @Test
    void aWeakNewPasswordChangesNothingAndCostsNoFailure() {
        String email = email();
        String here = server.signUpAndIn(email, PASSWORD);
        String elsewhere = server.signIn(email, PASSWORD);

        assertRefused(changePassword(here, PASSWORD, "short"), 400, "weak_password", "new_password");
        assertRefused(changePassword(here, "not it at all", "password"), 400, "weak_password", "new_password");

        assertThat(live(elsewhere)).isTrue();
        assertThat(signsIn(email, PASSWORD)).isTrue();
        assertThat(count("SELECT count(*) FROM sign_in_failures WHERE email_lower = ?", email)).isZero();
    }

    @Test
    void sessionsAreListedAndEndedOneByOneOrAllButThisOne() {
        String email = email();
        String here = server.signUpAndIn(email, PASSWORD);
        String second = server.signIn(email, PASSWORD);
        String third = server.signIn(email, PASSWORD);
        String fourth = server.signIn(email, PASSWORD);

        JsonNode listed = Json.read(server.get("/self-service/account/sessions", here).body());
        assertThat(listed).hasSize(4);
        assertThat(listed.valueStream().filter(s -> s.get("current").asBoolean()).toList()).hasSize(1);
        String hereId = listed.valueStream().filter(s -> s.get("current").asBoolean()).findFirst().orElseThrow()
                .get("id").asString();
        JsonNode fromSecond = Json.read(server.get("/self-service/account/sessions", second).body());
        String secondId = fromSecond.valueStream().filter(s -> s.get("current").asBoolean()).findFirst()
                .orElseThrow().get("id").asString();
        assertThat(listed.get(0).properties()).extracting(Map.Entry::getKey).contains("id", "created_at",
                "last_seen_at", "user_agent", "ip_address", "current");
        assertThat(listed.get(0).get("ip_address").asString()).isEqualTo("127.0.0.1");

        assertThat(server.delete("/self-service/account/sessions/" + secondId, here).status()).isEqualTo(204);
        assertThat(live(second)).isFalse();
        assertThat(live(third)).isTrue();

        Response others = server.post("/self-service/account/sessions/sign-out-others", "", here);
        assertThat(others.status()).as(others.body()).isEqualTo(200);
        assertThat(Json.read(others.body()).get("signed_out").asInt()).isEqualTo(2);
        assertThat(live(third)).isFalse();
        assertThat(live(fourth)).isFalse();
        assertThat(live(here)).isTrue();
        assertThat(Json.read(server.get("/self-service/account/sessions", here).body())).hasSize(1);

        // Ending the session that asks signs it out, and clears its cookie.
        Response own = server.delete("/self-service/account/sessions/" + hereId, here);
        assertThat(own.status()).isEqualTo(204);
        assertThat(own.sessionCookie()).contains("Max-Age=0");
        assertThat(live(here)).isFalse();
    }

    @Test
    void anotherIdentitysSessionCannotBeSignedOut() {
        String mine = server.signUpAndIn(email(), PASSWORD);
        String theirs = server.signUpAndIn(email(), PASSWORD);
        String theirId = Json.read(server.get("/sessions/whoami", theirs).body()).get("session").get("id").asString();

        assertRefused(server.delete("/self-service/account/sessions/" + theirId, mine), 404, "session_not_found", null);
        assertRefused(server.delete("/self-service/account/sessions/" + UUID.randomUUID(), mine), 404,
                "session_not_found", null);
        assertThat(server.delete("/self-service/account/sessions/not-a-uuid", mine).status()).isEqualTo(404);

        assertThat(live(theirs)).isTrue();
        assertThat(Json.read(server.post("/self-service/account/sessions/sign-out-others", "", mine).body())
                .get("signed_out").asInt()).isZero();
        assertThat(live(theirs)).isTrue();
    }

    @Test
    void deletingNeedsThePasswordAndTakesTheAccountWithItsSessionsPasswordAndCodes() {
        String email = email();
        String here = server.signUpAndIn(email, PASSWORD);
        String elsewhere = server.signIn(email, PASSWORD);
        UUID id = idOf(here);
        assertThat(server.post("/self-service/recovery", "{\"email\":\"" + email + "\"}", null).status()).isEqualTo(202);
        mail.await(email, "Reset your");
        assertThat(count("SELECT count(*) FROM one_time_codes WHERE identity_id = ? AND purpose = 'recovery'", id))
                .isOne();

        assertRefused(deleteAccount(here, "not it at all"), 400, "invalid_credentials", "password");
        assertThat(count("SELECT count(*) FROM identities WHERE id = ?", id)).isOne();
        assertThat(live(here)).isTrue();
        assertThat(live(elsewhere)).isTrue();

        Response deleted = deleteAccount(here, PASSWORD);

        assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
        assertThat(deleted.sessionCookie()).contains("Max-Age=0");
        assertThat(live(here)).isFalse();
        assertThat(live(elsewhere)).isFalse();
        assertThat(signsIn(email, PASSWORD)).isFalse();
        for (String table : List.of("identities WHERE id", "password_credentials WHERE identity_id",
                "sessions WHERE identity_id", "one_time_codes WHERE identity_id")) {
            assertThat(count("SELECT count(*) FROM " + table + " = ?", id)).as(table).isZero();
        }
        // The address is free again, for an account that starts empty.
        String anew = server.signUpAndIn(email, NEW_PASSWORD);
        assertThat(idOf(anew)).isNotEqualTo(id);
    }

    @Test
    void withoutASessionTheApiAnswers401AndThePagesSendTheBrowserToSignInAndBack() {
        for (Response r : List.of(server.get("/self-service/account", null),
                changePassword(null, PASSWORD, NEW_PASSWORD),
                server.get("/self-service/account/sessions", null),
                server.delete("/self-service/account/sessions/" + UUID.randomUUID(), null),
                server.post("/self-service/account/sessions/sign-out-others", "", null),
                deleteAccount(null, PASSWORD),
                deleteAccount("forged.value", PASSWORD))) {
            assertRefused(r, 401, "no_session", null);
        }
        for (String page : List.of("/account", "/account/password", "/account/sessions", "/account/delete")) {
            Response r = server.get(page, null);
            assertThat(r.status()).as(page).isEqualTo(303);
            assertThat(r.location()).endsWith("/sign-in?return_to=%2F" + page.substring(1).replace("/", "%2F"));
        }

        String email = email();
        server.signUpAndIn(email, PASSWORD);
        var browser = new Browser();
        Response signedIn = browser.signIn(server, "/sign-in?return_to=%2Faccount%2Fpassword", email, PASSWORD);
        assertThat(signedIn.status()).isEqualTo(303);
        assertThat(signedIn.location()).endsWith("/account/password");
        assertThat(browser.get(server, "/account/password").body()).contains("<h1>Change your password</h1>");
    }

    /** A browser signed in through the sign-in page, showing {@code page}. */
    private static Browser signedInAt(String email, String page) {
        var browser = new Browser();
        Response signedIn = browser.signIn(server, "/sign-in?return_to=" + page, email, PASSWORD);
        assertThat(signedIn.status()).as(signedIn::toString).isEqualTo(303);
        return browser;
    }

    @Test
    void theAccountPageShowsTheAccountAndLinksToEachOperationAndTheSignedInPageLinksToIt() {
        String email = email();
        server.signUpAndIn(email, PASSWORD);
        var browser = new Browser();
        Response signedIn = browser.signIn(server, "/sign-in", email, PASSWORD);
        assertThat(signedIn.body()).contains("href=\"/account\"").contains("Your account");

        Response page = browser.get(server, "/account");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<title>Your account · Cardea</title>").contains(email).contains("not verified")
                .contains("href=\"/account/password\"").contains("href=\"/account/sessions\"")
                .contains("href=\"/account/delete\"").contains("action=\"/logout\"")
                .doesNotContain("<script").doesNotContain("style=");
        assertThat(page.header("Content-Security-Policy")).isEqualTo(Page.CONTENT_SECURITY_POLICY);
    }

    @Test
    void theAccountPageSpeaksTheReadersLanguage() {
        String session = server.signUpAndIn(email(), PASSWORD);

        Response german = server.send(server.request("/account", session).header("Accept-Language", "de-DE,de;q=0.9")
                .GET());

        assertThat(german.status()).isEqualTo(200);
        assertThat(german.body()).contains("<html lang=\"de\"", "<title>Ihr Konto · Cardea</title>",
                "<h1>Ihr Konto</h1>", "nicht bestätigt", "Passwort ändern").doesNotContain("Your account");
        assertThat(german.body()).as("the date as German writes it, in UTC")
                .containsPattern("<dd>\\d{1,2}\\. \\p{L}+ \\d{4}, \\d{2}:\\d{2} UTC</dd>");
    }

    @Test
    void thePasswordPageNeedsItsCsrfTokenAndTheCurrentPassword() {
        String email = email();
        String elsewhere = server.signUpAndIn(email, PASSWORD);
        Browser browser = signedInAt(email, "/account/password");
        Response form = browser.get(server, "/account/password");
        assertThat(form.body()).contains("<label for=\"current_password\">").contains("<label for=\"new_password\">");
        String csrf = Browser.field(form.body(), "_csrf");

        Response forged = browser.post(server, "/account/password", Map.of("current_password", List.of(PASSWORD),
                "new_password", List.of(NEW_PASSWORD)));
        assertThat(forged.status()).isEqualTo(403);
        Response wrong = browser.post(server, "/account/password", Map.of("_csrf", List.of(csrf),
                "current_password", List.of("not it at all"), "new_password", List.of(NEW_PASSWORD)));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.body()).contains("id=\"current_password-error\"").contains("The current password is wrong.")
                .contains("aria-describedby=\"current_password-error\"");
        Response weak = browser.post(server, "/account/password", Map.of("_csrf", List.of(csrf),
                "current_password", List.of(PASSWORD), "new_password", List.of("short")));
        assertThat(weak.status()).isEqualTo(400);
        assertThat(weak.body()).contains("aria-describedby=\"new_password-error new_password-hint\"");
        assertThat(live(elsewhere)).isTrue();
        assertThat(signsIn(email, PASSWORD)).isTrue();

        Response changed = browser.post(server, "/account/password", Map.of("_csrf", List.of(csrf),
                "current_password", List.of(PASSWORD), "new_password", List.of(NEW_PASSWORD)));

        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.body()).contains("Your password is changed");
        assertThat(live(browser.cookie("cardea_session"))).isTrue();
        assertThat(live(elsewhere)).isFalse();
        assertThat(signsIn(email, NEW_PASSWORD)).isTrue();
    }

    @Test
    void theSessionsPageListsEachSessionAndSignsOutOneOrAllTheOthers() {
        String email = email();
        String first = server.signUpAndIn(email, PASSWORD);
        String second = server.signIn(email, PASSWORD);
        Browser browser = signedInAt(email, "/account/sessions");
        Response page = browser.get(server, "/account/sessions");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("this browser").contains("from 127.0.0.1").contains(" UTC")
                .contains("action=\"/account/sessions/sign-out-others\"");
        String secondId = Json.read(server.get("/sessions/whoami", second).body()).get("session").get("id").asString();
        String csrf = Browser.field(page.body(), "_csrf");

        Response forged = browser.post(server, "/account/sessions/sign-out", Map.of("session", List.of(secondId)));
        assertThat(forged.status()).isEqualTo(403);
        assertThat(live(second)).isTrue();

        Response one = browser.post(server, "/account/sessions/sign-out", Map.of("_csrf", List.of(csrf),
                "session", List.of(secondId)));
        assertThat(one.status()).isEqualTo(303);
        assertThat(one.location()).endsWith("/account/sessions");
        assertThat(live(second)).isFalse();
        assertThat(live(first)).isTrue();

        Response others = browser.post(server, "/account/sessions/sign-out-others", Map.of("_csrf", List.of(csrf)));
        assertThat(others.status()).isEqualTo(303);
        assertThat(live(first)).isFalse();
        assertThat(live(browser.cookie("cardea_session"))).isTrue();
        assertThat(browser.get(server, "/account/sessions").body()).doesNotContain("sign-out-others");
    }

    @Test
    void theDeletionPageWarnsAndDeletesOnlyWithTheRightPasswordAndItsCsrfToken() {
        String email = email();
        String elsewhere = server.signUpAndIn(email, PASSWORD);
        UUID id = idOf(elsewhere);
        Browser browser = signedInAt(email, "/account/delete");
        Response page = browser.get(server, "/account/delete");
        assertThat(page.body()).contains("This cannot be undone.").contains("<strong>" + email + "</strong>")
                .contains("<label for=\"password\">").contains("aria-describedby=\"deletion-warning\"");
        String csrf = Browser.field(page.body(), "_csrf");

        Response forged = browser.post(server, "/account/delete", Map.of("password", List.of(PASSWORD)));
        assertThat(forged.status()).isEqualTo(403);
        Response wrong = browser.post(server, "/account/delete", Map.of("_csrf", List.of(csrf),
                "password", List.of("not it at all")));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.body()).contains("The current password is wrong.").contains("aria-invalid=\"true\"");
        assertThat(count("SELECT count(*) FROM identities WHERE id = ?", id)).isOne();
        assertThat(live(elsewhere)).isTrue();

        Response deleted = browser.post(server, "/account/delete", Map.of("_csrf", List.of(csrf),
                "password", List.of(PASSWORD)));

        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.body()).contains("<h1>Account deleted</h1>");
        assertThat(deleted.sessionCookie()).contains("Max-Age=0");
        assertThat(browser.cookie("cardea_session")).isNull();
        assertThat(count("SELECT count(*) FROM identities WHERE id = ?", id)).isZero();
        assertThat(live(elsewhere)).isFalse();
        assertThat(browser.get(server, "/account").status()).isEqualTo(303);
    }
}
