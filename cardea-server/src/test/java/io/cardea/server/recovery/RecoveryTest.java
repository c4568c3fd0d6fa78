package io.cardea.server.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardea.server.Json;
import io.cardea.testing.TestMail;
import io.cardea.server.TestServer;
import io.cardea.server.TestServer.Response;
import io.cardea.server.codes.ClientAddressLimit;
import io.cardea.server.oauth2.Browser;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
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

/** "Forgot your password?" through the JSON API, with every mail received by a real SMTP server. */
@ExtendWith(PostgresExtension.class)
class RecoveryTest {

    @AutoClose
    static TestMail mail;
    @AutoClose
    static TestServer server;
    static JdbcClient sql;
    /** Each test asks from addresses of its own (the server believes X-Forwarded-For from loopback). */
    static final AtomicInteger ADDRESSES = new AtomicInteger(1);
    /** The recovery mail's subject: sign-ups are mailed to verify their address too. */
    static final String RESET = "Reset your";

    @BeforeAll
    static void start(TestDatabase db) {
        mail = TestMail.start();
        TestServer.migrate(db);
        Map<String, String> settings = new HashMap<>(mail.settings());
        settings.put("cardea.codes.per-address", "4");
        server = TestServer.start(db, settings);
        sql = JdbcClient.create(db.dataSource());
        awaitRecoveryOffered(server);
    }

    /** The fleet switches account mail on once it has read the registry: a few seconds after start. */
    static void awaitRecoveryOffered(TestServer server) {
        server.awaitOffered("/recovery");
    }

    private static String newAddress() {
        return "10.7.0." + ADDRESSES.getAndIncrement();
    }

    private static Response ask(String email, String from) {
        return server.send(server.request("/self-service/recovery", null).header("Content-Type", "application/json")
                .header("X-Forwarded-For", from)
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + email + "\"}")));
    }

    private static Response withCode(String email, String code, String password) {
        return server.post("/self-service/recovery/password", "{\"email\":\"" + email + "\",\"code\":\"" + code
                + "\",\"password\":\"" + password + "\"}", null);
    }

    private static Response withToken(String token, String password) {
        return server.post("/self-service/recovery/password", "{\"token\":\"" + token + "\",\"password\":\""
                + password + "\"}", null);
    }

    private static boolean verified(String email) {
        return sql.sql("SELECT lower(verified_email) IS NOT DISTINCT FROM lower(email) AND verified_email IS NOT NULL "
                + "FROM identities WHERE lower(email) = lower(?)").param(email).query(Boolean.class).single();
    }

    @Test
    void aForgottenPasswordIsReplacedWithTheCodeFromTheMailAndEverySessionEnds() {
        String email = "forgetful@example.com";
        String oldSession = server.signUpAndIn(email, "my first passphrase");
        assertThat(verified(email)).isFalse();

        Response asked = ask(email, newAddress());
        assertThat(asked.status()).isEqualTo(202);
        TestMail.Received received = mail.await(email, RESET);
        assertThat(received.subject()).isEqualTo("Reset your Cardea password");
        assertThat(received.text()).contains("work once, for 15 minutes.");
        assertThat(received.html()).contains(received.linkToken());
        assertThat(received.messageId()).endsWith("@example.com>");

        Response done = withCode(email, received.code(), "my second passphrase");

        assertThat(done.status()).as(done.body()).isEqualTo(200);
        assertThat(Json.read(done.body()).get("status").asString()).isEqualTo("password_changed");
        assertThat(server.get("/sessions/whoami", oldSession).status()).isEqualTo(401);
        assertThat(server.post("/self-service/login", Json.credentials(email, "my first passphrase"), null).status())
                .isEqualTo(401);
        assertThat(server.signIn(email, "my second passphrase")).isNotBlank();
        assertThat(verified(email)).as("the code reached the address").isTrue();
        TestMail.Received notice = mail.await(email, "password was changed");
        assertThat(notice.subject()).isEqualTo("Your Cardea password was changed");
        assertThat(notice.text()).doesNotContainPattern("\\b\\d{6}\\b");
        // Used once, never again.
        assertThat(withCode(email, received.code(), "my third passphrase").status()).isEqualTo(400);
    }

    @Test
    void theLinkSetsANewPasswordOnceAndItsPageShowsTheForm() {
        String email = "linked@example.com";
        server.signUpAndIn(email, "a passphrase of old");
        ask(email, newAddress());
        String token = mail.await(email, RESET).linkToken();

        Response page = server.get(Recovery.LINK_PATH + "?token=" + token, null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("name=\"token\"").contains("Choose a new password");

        assertThat(withToken(token, "a passphrase anew").status()).isEqualTo(200);
        assertThat(server.signIn(email, "a passphrase anew")).isNotBlank();

        Response again = withToken(token, "yet another passphrase");
        assertThat(again.status()).isEqualTo(400);
        assertThat(Json.read(again.body()).get("error").asString()).isEqualTo("invalid_code");
        assertThat(server.get(Recovery.LINK_PATH + "?token=" + token, null).status()).isEqualTo(400);
    }

    @Test
    void thePageAsksForTheCodeAndANewPassword() {
        var browser = new Browser();
        var form = browser.get(server, RecoveryPage.PATH);

        var asked = browser.post(server, RecoveryPage.PATH, Map.of("_csrf", List.of(Browser.field(form.body(), "_csrf")),
                "email", List.of("page-asker@example.com")));

        assertThat(asked.status()).isEqualTo(200);
        assertThat(asked.body()).contains("action=\"/recovery/code\"", "autocomplete=\"one-time-code\"",
                "autocomplete=\"new-password\"");
    }

    @Test
    void anUnknownEmailGetsTheSameAnswerAndNoMail() {
        String known = "known-one@example.com";
        server.signUpAndIn(known, "a passphrase known");

        Response unknown = ask("nobody-here@example.com", newAddress());
        Response real = ask(known, newAddress());

        assertThat(unknown.status()).isEqualTo(real.status()).isEqualTo(202);
        assertThat(unknown.body()).isEqualTo(real.body());
        mail.await(known, RESET); // sent after the unknown one: had that been sent, it would be here too
        assertThat(mail.to("nobody-here@example.com")).isEmpty();
        assertThat(sql.sql("SELECT count(*) FROM mail_outbox WHERE recipient = 'nobody-here@example.com'")
                .query(Integer.class).single()).isZero();
    }

    @Test
    void wrongExpiredAndOtherAccountsCodesAreRefusedAlikeAndChangeNothing() {
        String a = "alice-r@example.com";
        String b = "bob-r@example.com";
        server.signUpAndIn(a, "alice's passphrase");
        server.signUpAndIn(b, "bob's passphrase!");
        ask(a, newAddress());
        ask(b, newAddress());
        String aliceCode = mail.await(a, RESET).code();
        String bobCode = mail.await(b, RESET).code();
        String wrong = aliceCode.equals("000000") ? "000001" : "000000";

        for (Response r : new Response[] {withCode(a, wrong, "a brand new passphrase"),
                withCode(a, bobCode.equals(aliceCode) ? wrong : bobCode, "a brand new passphrase"),
                withCode("nobody@example.com", aliceCode, "a brand new passphrase"),
                withToken("not-a-token", "a brand new passphrase")}) {
            assertThat(r.status()).isEqualTo(400);
            assertThat(Json.read(r.body()).get("error").asString()).isEqualTo("invalid_code");
            assertThat(Json.read(r.body()).get("message").asString()).contains("wrong, expired or used");
        }
        assertThat(server.signIn(a, "alice's passphrase")).isNotBlank();

        sql.sql("UPDATE one_time_codes SET expires_at = now() - interval '1 second' WHERE lower(email) = ?")
                .param(b).update();
        assertThat(withCode(b, bobCode, "a brand new passphrase").status()).isEqualTo(400);
        assertThat(server.signIn(b, "bob's passphrase!")).isNotBlank();
    }

    @Test
    void fiveWrongCodesSpendTheRightOne() {
        String email = "guessed@example.com";
        server.signUpAndIn(email, "a guarded passphrase");
        ask(email, newAddress());
        String code = mail.await(email, RESET).code();
        String wrong = code.equals("123456") ? "654321" : "123456";

        for (int i = 0; i < 5; i++) {
            assertThat(withCode(email, wrong, "an attacker's passphrase").status()).isEqualTo(400);
        }

        assertThat(withCode(email, code, "the owner's passphrase").status()).isEqualTo(400);
        assertThat(server.signIn(email, "a guarded passphrase")).isNotBlank();
    }

    @Test
    void aWeakPasswordIsRefusedAndTheCodeStaysUsable() {
        String email = "weak@example.com";
        server.signUpAndIn(email, "a decent passphrase");
        ask(email, newAddress());
        String code = mail.await(email, RESET).code();

        Response weak = withCode(email, code, "short");
        assertThat(weak.status()).isEqualTo(400);
        assertThat(Json.read(weak.body()).get("error").asString()).isEqualTo("weak_password");

        assertThat(withCode(email, code, "a far better passphrase").status()).isEqualTo(200);
    }

    @Test
    void oneAccountGetsAtMostThreeCodesAnHourAndTheAnswerStaysTheSame() {
        String email = "flooded@example.com";
        server.signUpAndIn(email, "a flooded passphrase");
        for (int i = 0; i < 5; i++) {
            assertThat(ask(email, newAddress()).status()).isEqualTo(202);
        }
        mail.awaitNth(email, RESET, 3);
        assertThat(sql.sql("SELECT count(*) FROM mail_outbox WHERE recipient = ? AND purpose = 'recovery'").param(email)
                .query(Integer.class).single()).isEqualTo(3);
    }

    @Test
    void oneClientAddressIsRefusedAfterItsLimitWhetherTheEmailsAreKnownOrNot() {
        ClientAddressLimit.refusesTheFifthRequest(RecoveryTest::ask, RecoveryTest::newAddress);
    }

    @Test
    void aMalformedEmailIs400AndNothingIsCounted() {
        String from = newAddress();
        Response r = ask("not an address", from);
        assertThat(r.status()).isEqualTo(400);
        assertThat(Json.read(r.body()).get("error").asString()).isEqualTo("invalid_email");
        Response nul = ask("nul\\u0000@example.com", from);
        assertThat(nul.status()).isEqualTo(400);
        assertThat(sql.sql("SELECT count(*) FROM code_requests WHERE ip_address = CAST(? AS inet)").param(from)
                .query(Integer.class).single()).isZero();
    }
}
