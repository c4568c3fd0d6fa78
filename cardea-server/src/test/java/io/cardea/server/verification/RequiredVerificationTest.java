package io.cardea.server.verification;

import static io.cardea.server.verification.EmailVerificationTest.CONFIRM;
import static io.cardea.server.verification.EmailVerificationTest.PASSWORD;
import static io.cardea.server.verification.EmailVerificationTest.signUp;
import static io.cardea.server.verification.EmailVerificationTest.withCode;
import static org.assertj.core.api.Assertions.assertThat;

import io.cardea.server.Json;
import io.cardea.server.TestServer;
import io.cardea.server.TestServer.Response;
import io.cardea.server.oauth2.Browser;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import io.cardea.testing.TestMail;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code cardea.sign-in.require-verified-email}: the right password of an unverified address opens
 * no session while verification mail goes out, and blocks nobody where it cannot.
 */
@ExtendWith(PostgresExtension.class)
class RequiredVerificationTest {

    static final String REQUIRE = "cardea.sign-in.require-verified-email";

    @AutoClose
    static TestMail mail;
    @AutoClose
    static TestServer server;
    /** The same setting on an instance with no mail server. */
    @AutoClose
    static TestServer withoutMail;
    static JdbcClient sql;

    @BeforeAll
    static void start(TestDatabase db) {
        mail = TestMail.start();
        TestServer.migrate(db);
        Map<String, String> settings = new HashMap<>(mail.settings());
        settings.put(REQUIRE, "true");
        server = TestServer.start(db, settings);
        withoutMail = TestServer.start(db, Map.of(REQUIRE, "true"));
        sql = JdbcClient.create(db.dataSource());
        server.awaitOffered(EmailVerification.LINK_PATH);
    }

    private static Response login(TestServer server, String email, String password) {
        return server.post("/self-service/login", Json.credentials(email, password), null);
    }

    private static long sessions(String email) {
        return sql.sql("SELECT count(*) FROM sessions s JOIN identities i ON i.id = s.identity_id WHERE i.email = ?")
                .param(email).query(Long.class).single();
    }

    @Test
    void theRightPasswordOfAnUnverifiedAddressOpensNoSessionUntilItIsVerified() {
        String email = "unconfirmed@example.com";
        signUp(server, email);

        Response refused = login(server, email, PASSWORD);

        assertThat(refused.status()).as(refused.body()).isEqualTo(403);
        assertThat(Json.read(refused.body()).get("error").asString()).isEqualTo("email_not_verified");
        assertThat(Json.read(refused.body()).get("message").asString()).contains("open the link in the mail")
                .contains("ask for a new mail");
        assertThat(refused.setCookies()).noneMatch(c -> c.startsWith("cardea_session="));
        assertThat(sessions(email)).isZero();
        // A wrong password learns nothing of the address.
        Response wrong = login(server, email, "not " + PASSWORD);
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(Json.read(wrong.body()).get("error").asString()).isEqualTo("invalid_credentials");

        assertThat(withCode(server, email, mail.await(email, CONFIRM).code()).status()).isEqualTo(200);

        assertThat(login(server, email, PASSWORD).status()).isEqualTo(200);
        assertThat(sessions(email)).isEqualTo(1);
    }

    @Test
    void theSignUpPageOpensNoSessionAndTheSignInPageOffersANewMail() {
        String email = "unconfirmed-page@example.com";
        var browser = new Browser();
        var form = browser.get(server, "/sign-up?return_to=/oauth2/authorize");
        var signedUp = browser.post(server, "/sign-up", Map.of("_csrf", List.of(Browser.field(form.body(), "_csrf")),
                "return_to", List.of("/oauth2/authorize"), "email", List.of(email), "password", List.of(PASSWORD)));

        assertThat(signedUp.status()).as(signedUp.body()).isEqualTo(200);
        assertThat(signedUp.body()).contains("Confirm your email address").doesNotContain("Skip for now");
        assertThat(signedUp.setCookies()).noneMatch(c -> c.startsWith("cardea_session="));
        mail.await(email, CONFIRM);

        var signIn = browser.get(server, "/sign-in");
        var refused = browser.post(server, "/sign-in", Map.of("_csrf", List.of(Browser.field(signIn.body(), "_csrf")),
                "email", List.of(email), "password", List.of(PASSWORD)));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("Confirm your email address first")
                .contains("action=\"/verify-email/resend\"");
        assertThat(sessions(email)).isZero();

        var asked = browser.post(server, VerificationPage.RESEND_PATH, Map.of("_csrf",
                List.of(Browser.field(refused.body(), "_csrf")), "email", List.of(email)));
        assertThat(asked.status()).isEqualTo(200);
        assertThat(mail.awaitNth(email, CONFIRM, 2).code()).isNotBlank();
    }

    @Test
    void whereNoMailCanBeSentNobodyIsBlocked() {
        String email = "no-mail-here@example.com";
        signUp(withoutMail, email);

        Response opened = login(withoutMail, email, PASSWORD);

        assertThat(opened.status()).as(opened.body()).isEqualTo(200);
        assertThat(sql.sql("SELECT verified_email IS NULL FROM identities WHERE email = ?").param(email)
                .query(Boolean.class).single()).isTrue();
        assertThat(sql.sql("SELECT count(*) FROM mail_outbox WHERE recipient = ?").param(email)
                .query(Integer.class).single()).isZero();
        // The same unverified identity on the instance that sends mail is refused: the setting is on.
        assertThat(login(server, email, PASSWORD).status()).isEqualTo(403);
    }
}
