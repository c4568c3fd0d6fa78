package io.cardea.upgrade;

import static io.cardea.upgrade.Answers.check;
import static io.cardea.upgrade.Answers.json;
import static io.cardea.upgrade.Answers.refused;

import com.nimbusds.jose.jwk.JWKSet;
import io.cardea.upgrade.ReleaseCrossing.Direction;
import io.cardea.upgrade.ReleaseCrossing.Instance;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** What the OAuth2 endpoints issue, honoured by the other release: codes, consents, refresh and access tokens. */
final class TokenChecks {

    private TokenChecks() {}

    /**
     * Consent asked on {@code from}, its form posted to {@code to}, the code redeemed at {@code from};
     * then, consent remembered, {@code to} answers a new request with a code at once, redeemed at {@code from}.
     */
    static void codeAndConsent(Direction d) throws Broken, IOException, InterruptedException {
        People.Person person = d.person("consent");
        Http browser = d.browser();
        People.signIn(browser, d.from(), person);
        var flow = new CodeFlow(browser, d.app());

        CodeFlow.Request first = flow.authorize(d.from());
        CodeFlow.ConsentForm form = flow.consentPage(first, d.from());
        String code = flow.code(flow.consent(first, form, d.to()), "302 back to the client with a code");
        d.app().redeem(d.from(), code);

        CodeFlow.Request again = flow.authorize(d.to());
        d.app().redeem(d.from(), flow.code(again, "302 back to the client with a code (consent given on "
                + d.to().release() + " already)"));
    }

    /**
     * A refresh token of {@code from} rotated at {@code to}, its successor at {@code from}; the
     * replaced first one presented again to {@code to} is reuse, which revokes the family: its
     * latest token is refused by both.
     */
    static void refresh(Direction d) throws Broken, IOException, InterruptedException {
        ClientApp app = d.app();
        String issued = grantOn(d.from(), d, "refresh").refresh();
        String second = app.refresh(d.to(), issued, "issued on " + d.from().release()).refresh();
        check(!second.equals(issued), "POST /oauth2/token (refresh_token) on " + d.to().release()
                + ": expected a new refresh token, got the one presented");
        String latest = app.refresh(d.from(), second, "rotated on " + d.to().release()).refresh();
        refused(app.refreshing(d.to(), issued), 400, "invalid_grant", "POST /oauth2/token (refresh_token, the one "
                + "already rotated, again) on " + d.to().release());
        for (Instance at : List.of(d.from(), d.to())) {
            refused(app.refreshing(at, latest), 400, "invalid_grant", "POST /oauth2/token (refresh_token, the "
                    + "family's latest after its reuse was caught) on " + at.release());
        }
    }

    /**
     * A user's and a client's access tokens of {@code from} are live at {@code to}'s introspection
     * and the user's at its userinfo; revoked at {@code to}, {@code from} introspects them inactive.
     */
    static void accessTokens(Direction d) throws Broken, IOException, InterruptedException {
        ClientApp app = d.app();
        People.Person person = d.person("access-tokens");
        String userToken = grantOn(d.from(), d, person).access();
        String clientToken = app.clientCredentials(d.from());
        String user = "the user's access token of " + d.from().release();
        String client = "the client's access token of " + d.from().release();

        live(app.introspect(d.to(), userToken, user), person.id(), d, user);
        live(app.introspect(d.to(), clientToken, client), d.client().id(), d, client);
        String request = "GET /userinfo on " + d.to().release() + " (" + user + ")";
        var userinfo = json(new Http(d.to().url()).get("/userinfo", "Authorization", Http.bearer(userToken)), 200,
                request);
        check(person.id().equals(userinfo.get("sub")), request + ": expected the person's sub, got another");

        app.revoke(d.to(), userToken, user);
        app.revoke(d.to(), clientToken, client);
        for (var token : List.of(Map.entry(user, userToken), Map.entry(client, clientToken))) {
            String which = token.getKey() + ", revoked on " + d.to().release();
            check(Boolean.FALSE.equals(app.introspect(d.from(), token.getValue(), which).get("active")),
                    "POST /oauth2/introspect (" + which + ") on " + d.from().release() + ": expected active false, got true");
        }
    }

    /** ID and access tokens signed by {@code from} verify through {@code to}'s JWKS. */
    static void signatures(Direction d) throws Broken, IOException, InterruptedException {
        ClientApp.Tokens tokens = grantOn(d.from(), d, "signatures");
        String clientToken = d.app().clientCredentials(d.from());
        JWKSet keys = Signatures.jwks(d.to());
        String through = " through the JWKS of " + d.to().release();
        Signatures.verifies(tokens.id(), keys, "the ID token of " + d.from().release() + through);
        Signatures.verifies(tokens.access(), keys, "the user's access token of " + d.from().release() + through);
        Signatures.verifies(clientToken, keys, "the client's access token of " + d.from().release() + through);
    }

    /** Introspected live, for the subject and client it was issued to. */
    private static void live(Map<String, Object> introspected, String sub, Direction d, String which) throws Broken {
        String request = "POST /oauth2/introspect (" + which + ") on " + d.to().release();
        check(Boolean.TRUE.equals(introspected.get("active")), request + ": expected active true, got false");
        check(sub.equals(introspected.get("sub")), request + ": expected the sub it was issued to, got another");
        check(d.client().id().equals(introspected.get("client_id")), request
                + ": expected the client_id it was issued to, got another");
    }

    /** A fresh person's tokens, every step of the code flow on {@code at}. */
    private static ClientApp.Tokens grantOn(Instance at, Direction d, String purpose)
            throws Broken, IOException, InterruptedException {
        return grantOn(at, d, d.person(purpose));
    }

    static ClientApp.Tokens grantOn(Instance at, Direction d, People.Person person)
            throws Broken, IOException, InterruptedException {
        Http browser = new Http(at.url());
        People.signIn(browser, at, person);
        return new CodeFlow(browser, d.app()).grant(at);
    }
}
