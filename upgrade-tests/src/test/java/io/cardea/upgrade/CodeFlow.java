package io.cardea.upgrade;

import static io.cardea.upgrade.Answers.described;
import static io.cardea.upgrade.Answers.expect;
import static io.cardea.upgrade.Answers.field;
import static io.cardea.upgrade.Answers.location;
import static io.cardea.upgrade.Answers.parameter;

import io.cardea.upgrade.ReleaseCrossing.Instance;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

/**
 * A signed-in browser going through the authorization code flow (as cardea-testing's SteadyLoad
 * does), each step on the instance the check chooses: the browser's cookies go to every instance.
 */
final class CodeFlow {

    private static final String CONSENT_PAGE = "/consent?";

    /** The consent page's form: its CSRF token (its cookie is in the browser) and the authorization's state. */
    record ConsentForm(String csrf, String state) {
        @Override
        public String toString() {
            return "ConsentForm[...]";
        }
    }

    private final Http browser;
    private final ClientApp app;

    CodeFlow(Http browser, ClientApp app) {
        this.browser = browser;
        this.app = app;
    }

    /** The answer to a new authorization request on {@code at}: to the consent page, or back with a code. */
    Request authorize(Instance at) throws Broken, IOException, InterruptedException {
        String state = UUID.randomUUID().toString();
        String request = "GET /oauth2/authorize on " + at.release();
        return new Request(state, expect(browser.at(at.url()).get(app.authorizationRequest(state)), 302, request),
                request);
    }

    /** An authorization request and the answer it has got so far. */
    record Request(String state, HttpResponse<String> answer, String request) {

        boolean toConsent() {
            return location(answer).contains(CONSENT_PAGE);
        }
    }

    /** The code the browser was sent back to the client with, for the request's own state. */
    String code(Request sent, String expectation) throws Broken {
        String location = location(sent.answer());
        if (sent.answer().statusCode() != 302 || !location.startsWith(app.client().redirectUri() + "?")
                || parameter(location, "code").isEmpty()) {
            throw new Broken(sent.request() + ": expected " + expectation + ", got " + described(sent.answer()));
        }
        Answers.check(parameter(location, "state").filter(sent.state()::equals).isPresent(), sent.request()
                + ": expected the client's state back with the code, got another");
        return parameter(location, "code").orElseThrow();
    }

    /** The consent page the request was sent to, fetched from {@code at}. */
    ConsentForm consentPage(Request sent, Instance at) throws Broken, IOException, InterruptedException {
        Answers.check(sent.toConsent(), sent.request() + ": expected 302 to /consent, got " + described(sent.answer()));
        String request = "GET /consent on " + at.release();
        var page = expect(browser.at(at.url()).get(Http.relative(location(sent.answer()))), 200, request);
        Answers.check(browser.cookie("XSRF-TOKEN") != null, request + ": expected the XSRF-TOKEN cookie, got none");
        return new ConsentForm(field(page, "_csrf", request), field(page, "state", request));
    }

    /** Allows what the app asked for, posting the form to {@code at}. */
    Request consent(Request sent, ConsentForm form, Instance at) throws IOException, InterruptedException {
        return new Request(sent.state(), browser.at(at.url()).postForm("/oauth2/authorize", Map.of("_csrf",
                form.csrf(), "client_id", app.client().id(), "state", form.state(), "scope", "email")),
                "POST /oauth2/authorize (the consent form) on " + at.release());
    }

    /** The whole flow on {@code at}, consent page included when asked; the code redeemed there too. */
    ClientApp.Tokens grant(Instance at) throws Broken, IOException, InterruptedException {
        Request sent = authorize(at);
        if (sent.toConsent()) {
            sent = consent(sent, consentPage(sent, at), at);
        }
        return app.redeem(at, code(sent, "302 back to the client with a code"));
    }
}
