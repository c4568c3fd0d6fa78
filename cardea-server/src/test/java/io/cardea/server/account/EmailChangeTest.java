package io.cardea.server.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardea.server.Json;
import io.cardea.server.TestServer;
import io.cardea.server.TestServer.Response;
import io.cardea.server.oauth2.Browser;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import io.cardea.testing.TestMail;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A signed-in person changes their address: it is replaced only once a code mailed to the new
 * address comes back, verified; the old address is told; and nothing changes on any refusal.
 */
@ExtendWith(PostgresExtension.class)
class EmailChangeTest {

    static final String PASSWORD = "a long passphrase";

    @AutoClose
    static TestMail mail;
    @AutoClose
    static TestServer server;
    static JdbcClient sql;

    @BeforeAll
    static void start(TestDatabase db) {
        mail = TestMail.start();
        TestServer.migrate(db);
        server = TestServer.start(db, mail.settings());
        sql = JdbcClient.create(db.dataSource());
        server.awaitOffered("/recovery");
    }

    private static String email(String what) {
        return what + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    private static Response ask(String session, String newEmail, String password) {
        return server.post("/self-service/account/email", "{\"new_email\":\"" + newEmail + "\",\"current_password\":\""
                + password + "\"}", session);
    }

    private static Response confirm(String newEmail, String code) {
        return server.post("/self-service/account/email/confirm", "{\"new_email\":\"" + newEmail + "\",\"code\":\""
                + code + "\"}", null);
    }

    private static String addressOf(String session) {
        return Json.read(server.get("/self-service/account", session).body()).get("email").asString();
    }

    private static boolean verified(String session) {
        return Json.read(server.get("/self-service/account", session).body()).get("email_verified").asBoolean();
    }

    @Test
    void theNewAddressReplacesTheOldOnlyOnceItsCodeComesBackAndTheOldIsTold() {
        String old = email("old");
        String fresh = email("new");
        String session = server.signUpAndIn(old, PASSWORD);

        Response asked = ask(session, fresh, PASSWORD);

        assertThat(asked.status()).as(asked.body()).isEqualTo(202);
        assertThat(addressOf(session)).as("until the code comes back").isEqualTo(old);
        TestMail.Received code = mail.await(fresh, "Confirm the new address");
        assertThat(code.text()).contains(server.url(EmailChange.LINK_PATH + "?token="));

        Response done = confirm(fresh, code.code());

        assertThat(done.status()).as(done.body()).isEqualTo(200);
        assertThat(addressOf(session)).isEqualTo(fresh);
        assertThat(verified(session)).isTrue();
        TestMail.Received told = mail.await(old, "The address of your Cardea account was changed");
        assertThat(told.text()).contains(fresh).doesNotContain(code.code());
        assertThat(server.post("/self-service/login", Json.credentials(fresh, PASSWORD), null).status()).isEqualTo(200);
        assertThat(server.post("/self-service/login", Json.credentials(old, PASSWORD), null).status()).isEqualTo(401);
        assertThat(confirm(fresh, code.code()).status()).as("used once").isEqualTo(400);
    }

    @Test
    void theMailsLinkConfirmsOnAnyDevice() {
        String old = email("linked-old");
        String fresh = email("linked-new");
        String session = server.signUpAndIn(old, PASSWORD);
        ask(session, fresh, PASSWORD);
        String token = mail.await(fresh, "Confirm the new address").linkToken();

        Response page = server.get(EmailChange.LINK_PATH + "?token=" + token, null);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Your address is changed");
        assertThat(addressOf(session)).isEqualTo(fresh);
        Response again = server.get(EmailChange.LINK_PATH + "?token=" + token, null);
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.body()).contains("expired or was used already");
    }

    @Test
    void refusalsChangeNothingAndSendNothing() {
        String old = email("refused");
        String session = server.signUpAndIn(old, PASSWORD);
        String taken = email("taken");
        server.signUpAndIn(taken, PASSWORD);
        String fresh = email("never");

        Response wrongPassword = ask(session, fresh, "not my password");
        assertThat(wrongPassword.status()).isEqualTo(400);
        assertThat(Json.read(wrongPassword.body()).get("error").asString()).isEqualTo("invalid_credentials");
        Response same = ask(session, old.toUpperCase(), PASSWORD);
        assertThat(Json.read(same.body()).get("error").asString()).isEqualTo("same_email");
        Response malformed = ask(session, "not an address", PASSWORD);
        assertThat(Json.read(malformed.body()).get("error").asString()).isEqualTo("invalid_email");
        assertThat(Json.read(malformed.body()).get("field").asString()).isEqualTo("new_email");
        assertThat(ask(null, fresh, PASSWORD).status()).isEqualTo(401);
        assertThat(sql.sql("SELECT count(*) FROM mail_outbox WHERE recipient = ?").param(fresh).query(Integer.class)
                .single()).isZero();

        Response toTaken = ask(session, taken, PASSWORD);
        assertThat(toTaken.status()).as("the same answer as for a free address").isEqualTo(202);
        assertThat(sql.sql("SELECT count(*) FROM mail_outbox WHERE recipient = ? AND purpose = 'change-email'")
                .param(taken).query(Integer.class).single()).as("nothing to the other account").isZero();

        ask(session, fresh, PASSWORD);
        String code = mail.await(fresh, "Confirm the new address").code();
        String wrong = code.equals("000000") ? "000001" : "000000";
        assertThat(confirm(fresh, wrong).status()).isEqualTo(400);
        assertThat(confirm(taken, code).status()).as("another address's code").isEqualTo(400);
        assertThat(addressOf(session)).isEqualTo(old);
    }

    @Test
    void theAddressTakenMeanwhileIsRefusedAndTheOldStays() {
        String old = email("raced");
        String fresh = email("raced-new");
        String session = server.signUpAndIn(old, PASSWORD);
        ask(session, fresh, PASSWORD);
        String code = mail.await(fresh, "Confirm the new address").code();
        server.signUpAndIn(fresh, PASSWORD); // another person signs up with it first

        Response r = confirm(fresh, code);

        assertThat(r.status()).isEqualTo(409);
        assertThat(Json.read(r.body()).get("error").asString()).isEqualTo("email_taken");
        assertThat(addressOf(session)).isEqualTo(old);
    }

    @Test
    void thePagesChangeTheAddressWithTheCode() {
        String old = email("paged");
        String fresh = email("paged-new");
        server.signUpAndIn(old, PASSWORD);
        Browser browser = new Browser();
        browser.signIn(server, "/sign-in", old, PASSWORD);
        Response form = browser.get(server, "/account/email");
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.body()).contains("Change your email address");

        Response codePage = browser.post(server, "/account/email", Map.of("_csrf",
                List.of(Browser.field(form.body(), "_csrf")), "new_email", List.of(fresh), "current_password",
                List.of(PASSWORD)));
        assertThat(codePage.status()).isEqualTo(200);
        assertThat(codePage.body()).contains("Check your mail", fresh);
        String code = mail.await(fresh, "Confirm the new address").code();

        Response done = browser.post(server, "/account/email/confirm", Map.of("_csrf",
                List.of(Browser.field(codePage.body(), "_csrf")), "new_email", List.of(fresh), "code", List.of(code)));

        assertThat(done.status()).isEqualTo(200);
        assertThat(done.body()).contains("Your address is changed");
        assertThat(sql.sql("SELECT count(*) FROM identities WHERE email = ?").param(fresh).query(Integer.class)
                .single()).isOne();
        Response german = server.send(server.request("/account/email", null).header("Accept-Language", "de").GET());
        assertThat(german.status()).as("not signed in: to the sign-in page").isEqualTo(303);
    }
}
