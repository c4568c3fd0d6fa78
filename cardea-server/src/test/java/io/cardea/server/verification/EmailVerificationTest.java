package io.cardea.server.verification;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardea.server.Json;
import io.cardea.server.TestServer;
import io.cardea.server.TestServer.Response;
import io.cardea.server.codes.ClientAddressLimit;
import io.cardea.server.oauth2.Browser;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import io.cardea.testing.TestMail;
import java.net.http.HttpRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Email verification through the JSON API and the pages, with every mail received by a real SMTP
 * server; whether an address is verified is read from the admin API.
 */
@ExtendWith(PostgresExtension.class)
class EmailVerificationTest {

    static final String PASSWORD = "a long passphrase";
    static final String ADMIN_TOKEN = "admin-token-of-the-verification-test-0123";
    /** The verification mail's subject (a password reset's differs). */
    static final String CONFIRM = "Confirm your email address";

    @AutoClose
    static TestMail mail;
    @AutoClose
    static TestServer server;
    static JdbcClient sql;
    /** Each test asks from addresses of its own (the server believes X-Forwarded-For from loopback). */
    static final AtomicInteger ADDRESSES = new AtomicInteger(1);

    @BeforeAll
    static void start(TestDatabase db) {
        mail = TestMail.start();
        TestServer.migrate(db);
        Map<String, String> settings = new HashMap<>(mail.settings());
        settings.put("cardea.codes.per-address", "4");
        settings.put("cardea.sign-up.throttle.per-address", "0");
        settings.put("cardea.admin.tokens", ADMIN_TOKEN);
        server = TestServer.start(db, settings);
        sql = JdbcClient.create(db.dataSource());
        server.awaitOffered(EmailVerification.LINK_PATH);
    }

    static String newAddress() {
        return "10.8.0." + ADDRESSES.getAndIncrement();
    }

    /** Signs up through the JSON API; answers the identity's id. */
    static String signUp(TestServer server, String email) {
        Response r = server.post("/self-service/registration", Json.credentials(email, PASSWORD), null);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return Json.read(r.body()).get("id").asString();
    }

    static Response withCode(TestServer server, String email, String code) {
        return server.post("/self-service/verification", "{\"email\":\"" + email + "\",\"code\":\"" + code + "\"}",
                null);
    }

    private static Response withToken(String token) {
        return server.post("/self-service/verification", "{\"token\":\"" + token + "\"}", null);
    }

    private static Response resend(String email, String from) {
        return server.send(server.request("/self-service/verification/resend", null)
                .header("Content-Type", "application/json").header("X-Forwarded-For", from)
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + email + "\"}")));
    }

    private static Response admin(String method, String path, String body) {
        return server.call(method, path, ADMIN_TOKEN, body);
    }

    /** {@code email_verified} as the admin API shows the identity. */
    private static boolean verified(String id) {
        Response r = admin("GET", "/admin/identities/" + id, null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return Json.read(r.body()).get("email_verified").asBoolean();
    }

    private static int verificationMails(String email) {
        return sql.sql("SELECT count(*) FROM mail_outbox WHERE lower(recipient) = lower(?) AND purpose = 'verify-email'")
                .param(email).query(Integer.class).single();
    }

    private static void assertInvalidCode(Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(Json.read(r.body()).get("error").asString()).isEqualTo("invalid_code");
    }

    @Test
    void aSignUpIsMailedACodeThatVerifiesTheAddress() {
        String email = "new-one@example.com";
        String id = signUp(server, email);
        assertThat(verified(id)).isFalse();

        TestMail.Received received = mail.await(email, CONFIRM);
        assertThat(received.subject()).isEqualTo("Confirm your email address for Cardea");
        assertThat(received.text()).contains(server.url(EmailVerification.LINK_PATH + "?token="));
        assertThat(received.html()).contains(received.linkToken());
        assertThat(received.text()).contains("work once, for 24 hours.");

        Response done = withCode(server, email, received.code());

        assertThat(done.status()).as(done.body()).isEqualTo(200);
        assertThat(Json.read(done.body()).get("status").asString()).isEqualTo("verified");
        assertThat(verified(id)).isTrue();
        assertThat(server.post("/self-service/login", Json.credentials(email, PASSWORD), null).status())
                .isEqualTo(200);
    }

    @Test
    void theMailAndThePagesSpeakTheLanguageOfTheSignUp() {
        String email = "deutsch-v@example.com";
        Response r = server.send(server.request("/self-service/registration", null).header("Accept-Language", "de")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.credentials(email, PASSWORD))));
        assertThat(r.status()).as(r.body()).isEqualTo(201);

        TestMail.Received received = mail.await(email, "Bestätigen");

        assertThat(received.subject()).isEqualTo("Bestätigen Sie Ihre E-Mail-Adresse für Cardea");
        assertThat(received.text()).contains("gelten einmal, 24 Stunden lang.");
        Response page = server.send(server.request(EmailVerification.LINK_PATH + "?token=" + received.linkToken(), null)
                .header("Accept-Language", "de").GET());
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<html lang=\"de\"", "Ihre Adresse ist bestätigt");
    }

    @Test
    void theLinkVerifiesWhenOpenedOnceAndIsDeadAfterwards() {
        String email = "link-opener@example.com";
        String id = signUp(server, email);
        String token = mail.await(email, CONFIRM).linkToken();

        Response page = server.get(EmailVerification.LINK_PATH + "?token=" + token, null);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Your address is verified");
        assertThat(verified(id)).isTrue();
        Response again = server.get(EmailVerification.LINK_PATH + "?token=" + token, null);
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.body()).contains("used already or is expired").doesNotContain(token);
        assertInvalidCode(withToken(token));
    }

    @Test
    void theTokenVerifiesThroughTheApiToo() {
        String email = "api-token@example.com";
        String id = signUp(server, email);

        Response done = withToken(mail.await(email, CONFIRM).linkToken());

        assertThat(done.status()).as(done.body()).isEqualTo(200);
        assertThat(verified(id)).isTrue();
    }

    @Test
    void wrongOtherAccountsExpiredAndReusedCodesAreRefusedAndChangeNothing() {
        String a = "alice-v@example.com";
        String b = "bob-v@example.com";
        String alice = signUp(server, a);
        String bob = signUp(server, b);
        String aliceCode = mail.await(a, CONFIRM).code();
        String bobCode = mail.await(b, CONFIRM).code();
        String wrong = aliceCode.equals("000000") ? "000001" : "000000";

        assertInvalidCode(withCode(server, a, wrong));
        // The wrong attempt is counted, though the request was refused: committed, then refused.
        assertThat(sql.sql("SELECT attempts FROM one_time_codes WHERE lower(email) = ? AND purpose = 'verify-email'")
                .param(a).query(Integer.class).single()).isEqualTo(1);
        assertInvalidCode(withCode(server, a, bobCode.equals(aliceCode) ? wrong : bobCode));
        assertInvalidCode(withCode(server, b, aliceCode.equals(bobCode) ? wrong : aliceCode));
        assertInvalidCode(withCode(server, "nobody-v@example.com", aliceCode));
        assertInvalidCode(withToken("not-a-token"));
        assertThat(verified(alice)).isFalse();
        assertThat(verified(bob)).isFalse();

        sql.sql("UPDATE one_time_codes SET expires_at = now() - interval '1 second' WHERE lower(email) = ?")
                .param(b).update();
        assertInvalidCode(withCode(server, b, bobCode));
        assertThat(verified(bob)).isFalse();

        assertThat(withCode(server, a, aliceCode).status()).isEqualTo(200);
        assertInvalidCode(withCode(server, a, aliceCode));
        assertThat(verified(alice)).isTrue();
    }

    @Test
    void anAdministratorsIdentityIsSentNoMailAndAChangedAddressIsUnverified() {
        Response created = admin("POST", "/admin/identities", "{\"email\":\"by-admin@example.com\",\"password\":\""
                + PASSWORD + "\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(Json.read(created.body()).get("email_verified").asBoolean()).isFalse();
        assertThat(sql.sql("SELECT count(*) FROM mail_outbox WHERE recipient = 'by-admin@example.com'")
                .query(Integer.class).single()).isZero();

        String email = "moving@example.com";
        String id = signUp(server, email);
        assertThat(withCode(server, email, mail.await(email, CONFIRM).code()).status()).isEqualTo(200);
        assertThat(verified(id)).isTrue();

        Response changed = admin("PATCH", "/admin/identities/" + id, "{\"email\":\"moved@example.com\"}");

        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(Json.read(changed.body()).get("email_verified").asBoolean()).isFalse();
        assertThat(verified(id)).isFalse();
    }

    @Test
    void aCodeForAnAddressTheIdentityNoLongerHasVerifiesNothing() {
        String email = "before-the-change@example.com";
        String id = signUp(server, email);
        String code = mail.await(email, CONFIRM).code();
        assertThat(admin("PATCH", "/admin/identities/" + id, "{\"email\":\"after-the-change@example.com\"}").status())
                .isEqualTo(200);

        assertInvalidCode(withCode(server, email, code));

        assertThat(verified(id)).isFalse();
        assertThat(sql.sql("SELECT verified_email IS NULL FROM identities WHERE id = CAST(? AS uuid)").param(id)
                .query(Boolean.class).single()).isTrue();
    }

    @Test
    void aNewMailGoesOnlyToAnUnverifiedAddressAndTheAnswerIsAlwaysTheSame() {
        String pending = "pending@example.com";
        String done = "done@example.com";
        signUp(server, pending);
        signUp(server, done);
        assertThat(withCode(server, done, mail.await(done, CONFIRM).code()).status()).isEqualTo(200);
        String firstCode = mail.await(pending, CONFIRM).code();

        Response unknown = resend("nobody-asks@example.com", newAddress());
        Response alreadyVerified = resend(done, newAddress());
        Response real = resend(pending, newAddress());

        assertThat(List.of(unknown.status(), alreadyVerified.status(), real.status())).containsOnly(202);
        assertThat(unknown.body()).isEqualTo(real.body()).isEqualTo(alreadyVerified.body());
        TestMail.Received second = mail.awaitNth(pending, CONFIRM, 2);
        assertThat(verificationMails("nobody-asks@example.com")).isZero();
        assertThat(verificationMails(done)).isEqualTo(1);
        // Either mail's code works; using one spends both.
        assertThat(withCode(server, pending, second.code()).status()).isEqualTo(200);
        assertInvalidCode(withCode(server, pending, firstCode));
    }

    @Test
    void oneAccountIsMailedAtMostThreeCodesAnHourCountingTheSignUps() {
        String email = "resent-often@example.com";
        signUp(server, email);
        for (int i = 0; i < 4; i++) {
            assertThat(resend(email, newAddress()).status()).isEqualTo(202);
        }
        mail.awaitNth(email, CONFIRM, 3);
        assertThat(verificationMails(email)).isEqualTo(3);
    }

    @Test
    void oneClientAddressIsRefusedAfterItsLimitWhetherTheAddressesAreKnownOrNotAndAMalformedOneIs400() {
        ClientAddressLimit.refusesTheFifthRequest(EmailVerificationTest::resend, EmailVerificationTest::newAddress);

        Response malformed = resend("not an address", newAddress());
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(Json.read(malformed.body()).get("error").asString()).isEqualTo("invalid_email");
    }

    @Test
    void theSignUpPageSignsInAndShowsTheCodeFormWhichVerifies() {
        String email = "page-signer@example.com";
        String returnTo = "/oauth2/authorize?client_id=an-app";
        var browser = new Browser();
        var form = browser.get(server, "/sign-up?return_to=" + java.net.URLEncoder.encode(returnTo,
                java.nio.charset.StandardCharsets.UTF_8));
        var signedUp = browser.post(server, "/sign-up", Map.of("_csrf", List.of(Browser.field(form.body(), "_csrf")),
                "return_to", List.of(returnTo), "email", List.of(email), "password", List.of(PASSWORD)));

        assertThat(signedUp.status()).as(signedUp.body()).isEqualTo(200);
        assertThat(signedUp.body()).contains("Confirm your email address").contains("We sent a mail to " + email)
                .contains("action=\"/verify-email\"").contains("autocomplete=\"one-time-code\"")
                .contains("Skip for now and go on")
                .contains("href=\"/oauth2/authorize?client_id=an-app\"");
        assertThat(signedUp.sessionToken()).isNotBlank();
        String code = mail.await(email, CONFIRM).code();
        String csrf = Browser.field(signedUp.body(), "_csrf");

        var forged = browser.post(server, "/verify-email", Map.of("email", List.of(email), "code", List.of(code)));
        assertThat(forged.status()).isEqualTo(403);
        var wrong = browser.post(server, "/verify-email", Map.of("_csrf", List.of(csrf), "email", List.of(email),
                "code", List.of(code.equals("000000") ? "000001" : "000000"), "return_to", List.of(returnTo)));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.body()).contains("role=\"alert\"").contains("wrong, expired or used");
        String id = sql.sql("SELECT id::text FROM identities WHERE email = ?").param(email).query(String.class)
                .single();
        assertThat(verified(id)).isFalse();

        var done = browser.post(server, "/verify-email", Map.of("_csrf", List.of(csrf), "email", List.of(email),
                "code", List.of(code), "return_to", List.of(returnTo)));

        assertThat(done.status()).as(done.body()).isEqualTo(200);
        assertThat(done.body()).contains("Your address is verified")
                .contains("href=\"/oauth2/authorize?client_id=an-app\"");
        assertThat(verified(id)).isTrue();
    }

    @Test
    void theCodeFormAsksForANewMail() {
        String email = "page-resender@example.com";
        signUp(server, email);
        mail.await(email, CONFIRM);
        var browser = new Browser();
        var form = browser.get(server, EmailVerification.LINK_PATH);
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.body()).contains("formaction=\"/verify-email/resend\"");

        var asked = browser.post(server, VerificationPage.RESEND_PATH, Map.of("_csrf",
                List.of(Browser.field(form.body(), "_csrf")), "email", List.of(email)));

        assertThat(asked.status()).isEqualTo(200);
        assertThat(asked.body()).contains("a new mail is on its way");
        mail.awaitNth(email, CONFIRM, 2);
    }

    @Test
    void aTakenAddressIsAnsweredAsANewOneAndItsOwnerIsToldByMail() {
        String email = "owner-of-it@example.com";
        String id = signUp(server, email);

        Response again = server.post("/self-service/registration", Json.credentials("Owner-Of-It@Example.com",
                "a stranger's passphrase"), null);
        Response fresh = server.post("/self-service/registration", Json.credentials("someone-new@example.com",
                "a stranger's passphrase"), null);

        assertThat(again.status()).as(again.body()).isEqualTo(fresh.status()).isEqualTo(201);
        var taken = Json.read(again.body());
        var created = Json.read(fresh.body());
        assertThat(taken.propertyNames()).containsExactlyInAnyOrderElementsOf(created.propertyNames());
        assertThat(taken.get("id").asString()).as("names nobody").isNotEqualTo(id);
        assertThat(admin("GET", "/admin/identities/" + taken.get("id").asString(), null).status()).isEqualTo(404);
        assertThat(sql.sql("SELECT count(*) FROM identities WHERE lower(email) = ?").param(email)
                .query(Integer.class).single()).isOne();
        TestMail.Received told = mail.await(email, "You already have a Cardea account");
        assertThat(told.text()).contains(server.url("/sign-in"), server.url("/recovery"))
                .doesNotContain("a stranger's passphrase");
        assertThat(server.post("/self-service/login", Json.credentials(email, "a stranger's passphrase"), null)
                .status()).as("the stranger's password opens nothing").isEqualTo(401);
    }

    @Test
    void theSignUpPageAnswersATakenAddressAsANewOneAndSignsNobodyIn() {
        String email = "page-owner@example.com";
        signUp(server, email);
        Browser browser = new Browser();
        Response form = browser.get(server, "/sign-up");
        String csrf = Browser.field(form.body(), "_csrf");

        Response taken = browser.post(server, "/sign-up", Map.of("_csrf", List.of(csrf), "email",
                List.of(email), "password", List.of(PASSWORD)));

        assertThat(taken.status()).isEqualTo(200);
        assertThat(taken.body()).contains("Confirm your email address", "We sent a mail to " + email);
        assertThat(taken.setCookies()).noneMatch(c -> c.startsWith("cardea_session="));
    }

    @Test
    void theOwnerOfATakenAddressIsToldAtMostThreeTimesAnHour() {
        String email = "much-tried@example.com";
        signUp(server, email);
        for (int i = 0; i < 5; i++) {
            assertThat(server.post("/self-service/registration", Json.credentials(email, "another passphrase " + i),
                    null).status()).isEqualTo(201);
        }
        assertThat(sql.sql("SELECT count(*) FROM mail_outbox WHERE recipient = ? AND purpose = 'account-exists'")
                .param(email).query(Integer.class).single()).isEqualTo(AccountExistsMail.PER_HOUR);
    }
}
