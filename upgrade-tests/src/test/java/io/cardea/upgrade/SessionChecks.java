package io.cardea.upgrade;

import static io.cardea.upgrade.Answers.check;
import static io.cardea.upgrade.Answers.described;
import static io.cardea.upgrade.Answers.expect;
import static io.cardea.upgrade.Answers.field;
import static io.cardea.upgrade.Answers.json;
import static io.cardea.upgrade.Answers.jsonArray;
import static io.cardea.upgrade.Answers.member;
import static io.cardea.upgrade.Answers.refused;

import io.cardea.upgrade.ReleaseCrossing.Direction;
import io.cardea.upgrade.ReleaseCrossing.Instance;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** A person's browser session across releases: the JSON API, the pages, the sign-in throttle. */
final class SessionChecks {

    private static final String SESSION_COOKIE = "cardea_session";

    /**
     * Failures for one account after which its sign-in answers 429: CARDEA_SIGN_IN_THROTTLE_FAILURES_PER_ACCOUNT's
     * default, which the test deployments keep.
     */
    static final int FAILURES_PER_ACCOUNT = 5;

    private SessionChecks() {}

    static void session(Direction d) throws Broken, IOException, InterruptedException {
        People.Person person = d.person("session");
        Http browser = d.browser();
        String id = People.signIn(browser, d.from(), person);
        String cookie = browser.cookie(SESSION_COOKIE);
        Http onTo = browser.at(d.to().url());
        String opened = " (the session opened on " + d.from().release() + ")";

        whoami(browser, d.to(), person.email(), opened);
        List<Object> listed = jsonArray(onTo.get("/sessions"), 200, "GET /sessions on " + d.to().release() + opened);
        check(listed.stream().anyMatch(s -> s instanceof Map<?, ?> m && id.equals(m.get("id"))
                && Boolean.TRUE.equals(m.get("current"))), "GET /sessions on " + d.to().release()
                + ": expected the session opened on " + d.from().release() + ", marked current, got " + listed.size()
                + " session(s) without it");
        var ofIdentity = json(new Http(d.to().url()).get("/admin/identities/" + person.id() + "/sessions", d.admin()),
                200, "GET /admin/identities/{id}/sessions on " + d.to().release());
        check(member(ofIdentity, "sessions") instanceof List<?> all && all.stream().anyMatch(s -> s instanceof Map<?, ?> m
                && id.equals(m.get("id")) && Boolean.TRUE.equals(m.get("live"))), "GET /admin/identities/{id}/sessions on "
                + d.to().release() + ": expected the session opened on " + d.from().release() + " as live, got it not");

        expect(onTo.postJson("/self-service/logout", "{}"), 204, "POST /self-service/logout on " + d.to().release()
                + opened);
        // A browser would drop the cookie; one kept (or stolen) must open nothing on the release that issued it.
        browser.cookie(SESSION_COOKIE, cookie);
        refused(browser.get("/sessions/whoami"), 401, "no_session", "GET /sessions/whoami on " + d.from().release()
                + " with the session signed out on " + d.to().release());
    }

    /** The sign-in form served by {@code from}, posted to {@code to}. */
    static void signInPage(Direction d) throws Broken, IOException, InterruptedException {
        People.Person person = d.person("sign-in-page");
        Http browser = d.browser();
        Map<String, String> form = pageForm(browser, d.from(), "/sign-in");
        form.put("email", person.email());
        form.put("password", People.PASSWORD);
        postPage(browser, d, "/sign-in", form);
        whoami(browser, d.to(), person.email(), " (signed in by the form of " + d.from().release() + ")");
    }

    /** The sign-up form served by {@code from}, posted to {@code to}: the identity exists for both, signed in. */
    static void signUpPage(Direction d) throws Broken, IOException, InterruptedException {
        String email = People.freshEmail("sign-up-page");
        Http browser = d.browser();
        Map<String, String> form = pageForm(browser, d.from(), "/sign-up");
        form.put("email", email);
        form.put("password", People.PASSWORD);
        postPage(browser, d, "/sign-up", form);
        whoami(browser, d.to(), email, " (signed up by the form of " + d.from().release() + ")");
        var found = json(new Http(d.from().url()).get("/admin/identities?email=" + URLEncoder.encode(email,
                StandardCharsets.UTF_8), d.admin()), 200, "GET /admin/identities?email= on " + d.from().release());
        check(member(found, "identities") instanceof List<?> identities && identities.size() == 1,
                "GET /admin/identities?email= on " + d.from().release() + ": expected the identity signed up on "
                        + d.to().release() + ", got none");
    }

    /**
     * Wrong passwords alternately on {@code from} and {@code to} up to the account's limit; then the
     * right one is refused on both. From an address of its own (X-Forwarded-For, believed from
     * loopback) so the per-address count other checks and runs share is left alone.
     */
    static void throttle(Direction d) throws Broken, IOException, InterruptedException {
        People.Person person = d.person("throttle");
        String[] address = {"X-Forwarded-For", "203.0.113." + ThreadLocalRandom.current().nextInt(1, 255)};
        for (int i = 1; i <= FAILURES_PER_ACCOUNT; i++) {
            Instance at = i % 2 == 1 ? d.from() : d.to();
            refused(People.login(new Http(at.url()), person.email(), "not " + People.PASSWORD, address), 401,
                    "invalid_credentials", "POST /self-service/login on " + at.release() + " with a wrong password ("
                            + i + " of " + FAILURES_PER_ACCOUNT + ")");
        }
        for (Instance at : List.of(d.to(), d.from())) {
            var answer = People.login(new Http(at.url()), person.email(), People.PASSWORD, address);
            String request = "POST /self-service/login on " + at.release() + " with the right password after "
                    + FAILURES_PER_ACCOUNT + " failures on both";
            refused(answer, 429, "too_many_attempts", request);
            check(answer.headers().firstValue("Retry-After").isPresent(), request + ": expected 429 with Retry-After, got "
                    + described(answer) + " without it");
        }
    }

    private static void whoami(Http browser, Instance at, String email, String which)
            throws Broken, IOException, InterruptedException {
        String request = "GET /sessions/whoami on " + at.release() + which;
        var answer = json(browser.at(at.url()).get("/sessions/whoami"), 200, request);
        check(email.equalsIgnoreCase(String.valueOf(member(answer, "identity", "email"))), request
                + ": expected the identity that signed in, got another");
    }

    /** A page's form fields as served (CSRF token and return_to); its CSRF cookie stays in the browser. */
    private static Map<String, String> pageForm(Http browser, Instance at, String path)
            throws Broken, IOException, InterruptedException {
        String request = "GET " + path + " on " + at.release();
        var page = expect(browser.at(at.url()).get(path), 200, request);
        check(browser.cookie("XSRF-TOKEN") != null, request + ": expected the XSRF-TOKEN cookie, got none");
        return new HashMap<>(Map.of("_csrf", field(page, "_csrf", request), "return_to",
                field(page, "return_to", request)));
    }

    /** Posts a page's form to {@code to}: the "signed in" page, and a session cookie. */
    private static void postPage(Http browser, Direction d, String path, Map<String, String> form)
            throws Broken, IOException, InterruptedException {
        String request = "POST " + path + " on " + d.to().release() + " (the form of " + d.from().release() + ")";
        expect(browser.at(d.to().url()).postForm(path, form), 200, request);
        check(browser.cookie(SESSION_COOKIE) != null, request + ": expected the cardea_session cookie, got none");
    }
}
