package io.cardea.upgrade;

import static io.cardea.upgrade.Answers.json;
import static io.cardea.upgrade.Answers.required;

import io.cardea.upgrade.ReleaseCrossing.Instance;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** The people the crossing's checks sign in as: a fresh identity per check and direction. */
final class People {

    static final String PASSWORD = "a long passphrase to cross releases";

    /** Tells this run's identities from an earlier run's on the same database. */
    private static final String RUN = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    private static final AtomicInteger NEXT = new AtomicInteger();

    private People() {}

    /** An identity of the admin API; its password is {@link #PASSWORD}. */
    record Person(String id, String email) {}

    /** An email address no identity has yet, saying what it is for. */
    static String freshEmail(String purpose) {
        return purpose + "-" + RUN + "-" + NEXT.incrementAndGet() + "@crossing.test";
    }

    /** Through the admin API, which no sign-up throttle limits: a run makes about twenty. */
    static Person create(Instance at, String[] admin, String purpose) throws Broken, IOException, InterruptedException {
        String email = freshEmail(purpose);
        String request = "POST /admin/identities on " + at.release() + " (a person for the check)";
        var created = json(new Http(at.url()).postJson("/admin/identities", "{\"email\":\"" + email
                + "\",\"password\":\"" + PASSWORD + "\"}", admin), 201, request);
        return new Person(required(created, "id", request), email);
    }

    /** The JSON sign-in's answer, whatever it is. */
    static HttpResponse<String> login(Http browser, String email, String password, String... headers)
            throws IOException, InterruptedException {
        return browser.postJson("/self-service/login", "{\"email\":\"" + email + "\",\"password\":\"" + password
                + "\"}", headers);
    }

    /** Signs the browser in on {@code at} with the JSON API; answers the session's id. */
    static String signIn(Http browser, Instance at, Person person) throws Broken, IOException, InterruptedException {
        String request = "POST /self-service/login on " + at.release();
        Map<String, Object> opened = json(login(browser.at(at.url()), person.email(), PASSWORD), 200, request);
        Answers.check(browser.cookie("cardea_session") != null, request + ": expected the cardea_session cookie, got none");
        return String.valueOf(Answers.member(opened, "session", "id"));
    }
}
