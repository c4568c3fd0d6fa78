package io.cardea.server.oauth2;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardea.server.TestServer;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The sign-in form's CSRF cookie is signed with the cookie secret, and survives its rollover. */
@ExtendWith(PostgresExtension.class)
class SignedCsrfCookieTest {

    private static final String NEW = "the-new-cookie-secret-of-more-than-32-characters";

    @Test
    void aCsrfCookieCardeaDidNotSignIsRefused(TestDatabase db) {
        TestServer.migrate(db);
        try (TestServer server = TestServer.start(db)) {
            server.signUpAndIn("csrf@example.com", "a long passphrase");
            var browser = new Browser();
            var page = browser.get(server, "/sign-in");
            String signed = browser.cookie(SignedCsrfCookie.NAME);
            assertThat(signed).contains(".");
            // A token planted without Cardea's signature, as a sibling subdomain could set it.
            browser.plant(SignedCsrfCookie.NAME, signed.substring(0, signed.lastIndexOf('.')));

            var refused = signIn(server, browser, page, "csrf@example.com");

            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.setCookies()).noneMatch(c -> c.startsWith("cardea_session="));
        }
    }

    @Test
    void aCsrfCookieSignedUnderTheOldValueWorksAndIsSignedAgain(TestDatabase db) {
        TestServer.migrate(db);
        try (TestServer blue = TestServer.start(db);
                TestServer green = TestServer.start(db, Map.of("cardea.secrets.cookie",
                        NEW + "," + TestServer.COOKIE_SECRET))) {
            blue.signUpAndIn("csrf-rollover@example.com", "a long passphrase");
            var browser = new Browser();
            var page = browser.get(blue, "/sign-in");
            String underOld = browser.cookie(SignedCsrfCookie.NAME);

            var signedIn = signIn(green, browser, page, "csrf-rollover@example.com");

            assertThat(signedIn.status()).isEqualTo(200);
            assertThat(signedIn.setCookies()).anyMatch(c -> c.startsWith("cardea_session="));
            browser.get(green, "/sign-in");
            String resigned = browser.cookie(SignedCsrfCookie.NAME);
            assertThat(resigned).isNotEqualTo(underOld)
                    .startsWith(underOld.substring(0, underOld.lastIndexOf('.') + 1));
            try (TestServer onlyNew = TestServer.start(db, Map.of("cardea.secrets.cookie", NEW))) {
                var again = browser.get(onlyNew, "/sign-in");
                assertThat(browser.cookie(SignedCsrfCookie.NAME)).as("still valid: not replaced").isEqualTo(resigned);
                assertThat(signIn(onlyNew, browser, again, "csrf-rollover@example.com").status()).isEqualTo(200);
            }
        }
    }

    private static TestServer.Response signIn(TestServer server, Browser browser, TestServer.Response page,
            String email) {
        return browser.post(server, "/sign-in", Map.of("_csrf", List.of(Browser.field(page.body(), "_csrf")),
                "email", List.of(email), "password", List.of("a long passphrase")));
    }
}
