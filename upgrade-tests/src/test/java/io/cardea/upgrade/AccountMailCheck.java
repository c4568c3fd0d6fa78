package io.cardea.upgrade;

import static io.cardea.upgrade.Answers.expect;

import io.cardea.testing.TestMail;
import io.cardea.upgrade.ReleaseCrossing.Direction;
import java.io.IOException;
import java.net.http.HttpResponse;

/**
 * Codes sent by mail cross releases: a recovery code one release mailed is redeemed on the other.
 * Where a release does not offer recovery (one before it, or a fleet where such a release is still
 * live, which keeps the feature off), nothing is offered that the other could not honour: that
 * much is checked instead.
 */
final class AccountMailCheck {

    private AccountMailCheck() {}

    static void recovery(Direction d, TestMail mail) throws Broken, IOException, InterruptedException {
        People.Person person = d.person("recovery");
        Http browser = d.browser();
        String ask = "POST /self-service/recovery on " + d.from().release();
        HttpResponse<String> asked = browser.postJson("/self-service/recovery", "{\"email\":\"" + person.email() + "\"}");
        if (asked.statusCode() != 202) {
            // Not offered by the issuing side: then the other side must not offer it either, or the
            // fleet would show a page whose links land on an instance that cannot redeem them.
            HttpResponse<String> other = browser.at(d.to().url()).postJson("/self-service/recovery",
                    "{\"email\":\"" + People.freshEmail("nobody") + "\"}");
            Answers.check(other.statusCode() != 202, ask + " answered " + asked.statusCode() + ", but "
                    + d.to().release() + " offers recovery (202) in the same fleet");
            return;
        }
        TestMail.Received received = mail.await(person.email());
        String newPassword = "a new passphrase after recovery";
        String redeem = "POST /self-service/recovery/password on " + d.to().release() + " (code mailed by "
                + d.from().release() + ")";
        expect(browser.at(d.to().url()).postJson("/self-service/recovery/password", "{\"email\":\"" + person.email()
                + "\",\"code\":\"" + received.code() + "\",\"password\":\"" + newPassword + "\"}"), 200, redeem);
        expect(People.login(browser.at(d.from().url()), person.email(), newPassword), 200,
                "POST /self-service/login on " + d.from().release() + " with the password set on " + d.to().release());
    }
}
