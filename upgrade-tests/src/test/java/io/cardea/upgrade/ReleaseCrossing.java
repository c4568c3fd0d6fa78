package io.cardea.upgrade;

import io.cardea.testing.TestMail;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The mixed-version contract: two releases serving one database, every artefact one issues is
 * honoured by the other. Each check runs both ways (issued on A, used on B; then B to A) and
 * answers the {@link Break}s it found instead of throwing, so a test can assert there are none, or
 * that a deliberately broken build is caught by a given one.
 *
 * <pre>{@code
 * var crossing = new ReleaseCrossing(new Instance("0.1.0", urlA), new Instance("0.2.0", urlB), adminToken,
 *         new Client(clientId, secret, redirect));
 * List<Break> breaks = crossing.all();
 * assertThat(breaks).as(ReleaseCrossing.summary(breaks)).isEmpty();
 * }</pre>
 *
 * <p>Requests go to each instance's own URL, not through a gateway. Each check makes its own
 * identities (through the admin API) so none sees what another left behind; the key check
 * rotates the signing keys, once per direction.
 */
final class ReleaseCrossing {

    static final String SESSION = "session";
    static final String SIGN_IN_PAGE = "sign-in page";
    static final String SIGN_UP_PAGE = "sign-up page";
    static final String CODE_AND_CONSENT = "code and consent";
    static final String REFRESH = "refresh";
    static final String ACCESS_TOKENS = "access tokens";
    static final String SIGNATURES = "signatures";
    static final String KEY_ROTATION = "key rotation";
    static final String THROTTLE = "sign-in throttle";
    static final String ADMIN_IDENTITIES = "admin identities";
    static final String ADMIN_CLIENTS = "admin clients";
    static final String RECOVERY = "recovery by mail";

    /** An instance serving the database, by the release it runs (the label breaks name it by). */
    record Instance(String release, URI url) {
        @Override
        public String toString() {
            return release + " at " + url;
        }
    }

    /** The confidential OAuth2 client registered for the test (client_secret_basic). */
    record Client(String id, String secret, String redirectUri) {
        @Override
        public String toString() {
            return "Client[" + id + "]";
        }
    }

    /** What did not cross: the check, the release that issued ({@code from}), the one that was to honour it. */
    record Break(String check, String from, String to, String detail) {
        @Override
        public String toString() {
            return check + ", " + from + " → " + to + ": " + detail;
        }
    }

    /** One direction of a check: what {@code from} issued, used on {@code to}. */
    record Direction(Instance from, Instance to, String adminToken, Client client) {

        /** A browser starting on {@code from}; {@code .at(to().url())} is the same browser on {@code to}. */
        Http browser() {
            return new Http(from.url());
        }

        String[] admin() {
            return new String[] {"Authorization", Http.bearer(adminToken)};
        }

        ClientApp app() {
            return new ClientApp(client);
        }

        /** A new identity, made through {@code from}'s admin API, for this check alone. */
        People.Person person(String purpose) throws Broken, IOException, InterruptedException {
            return People.create(from, admin(), purpose);
        }
    }

    @FunctionalInterface
    interface Check {
        void cross(Direction direction) throws Broken, IOException, InterruptedException;
    }

    private final Instance a;
    private final Instance b;
    private final String adminToken;
    private final Client client;
    private final TestMail mail;

    ReleaseCrossing(Instance a, Instance b, String adminToken, Client client) {
        this(a, b, adminToken, client, null);
    }

    /** @param mail the SMTP server both releases send to; null: the checks of mail are left out */
    ReleaseCrossing(Instance a, Instance b, String adminToken, Client client, TestMail mail) {
        this.a = a;
        this.b = b;
        this.adminToken = adminToken;
        this.client = client;
        this.mail = mail;
    }

    /** Every check, both ways. */
    List<Break> all() throws InterruptedException {
        List<Break> breaks = new ArrayList<>();
        breaks.addAll(session());
        breaks.addAll(pages());
        breaks.addAll(codeAndConsent());
        breaks.addAll(refresh());
        breaks.addAll(accessTokens());
        breaks.addAll(keys());
        breaks.addAll(throttle());
        breaks.addAll(adminApi());
        if (mail != null) {
            breaks.addAll(recovery());
        }
        return breaks;
    }

    /** A recovery code mailed by one is redeemed by the other; or neither offers recovery. */
    List<Break> recovery() throws InterruptedException {
        return both(RECOVERY, d -> AccountMailCheck.recovery(d, mail));
    }

    /** Signed in on one, used, listed and signed out on the other, then refused by the first. */
    List<Break> session() throws InterruptedException {
        return both(SESSION, SessionChecks::session);
    }

    /** The sign-in and sign-up forms one serves are accepted by the other. */
    List<Break> pages() throws InterruptedException {
        List<Break> breaks = both(SIGN_IN_PAGE, SessionChecks::signInPage);
        breaks.addAll(both(SIGN_UP_PAGE, SessionChecks::signUpPage));
        return breaks;
    }

    /** Consent asked by one, given to the other; codes redeemed where they were not issued; consent remembered. */
    List<Break> codeAndConsent() throws InterruptedException {
        return both(CODE_AND_CONSENT, TokenChecks::codeAndConsent);
    }

    /** Refresh tokens rotate across releases, and a reuse caught by either revokes the family on both. */
    List<Break> refresh() throws InterruptedException {
        return both(REFRESH, TokenChecks::refresh);
    }

    /** Access tokens introspected, used and revoked on the other; JWTs verify through the other's JWKS. */
    List<Break> accessTokens() throws InterruptedException {
        List<Break> breaks = both(ACCESS_TOKENS, TokenChecks::accessTokens);
        breaks.addAll(both(SIGNATURES, TokenChecks::signatures));
        return breaks;
    }

    /** A key rotation through one's admin API is honoured by the other within the keys' refresh time. */
    List<Break> keys() throws InterruptedException {
        return both(KEY_ROTATION, KeyRotationCheck::rotation);
    }

    /** Failed sign-ins on both count towards one account's limit. */
    List<Break> throttle() throws InterruptedException {
        return both(THROTTLE, SessionChecks::throttle);
    }

    /** Identities and clients written through one's admin API are read and changed through the other's. */
    List<Break> adminApi() throws InterruptedException {
        List<Break> breaks = both(ADMIN_IDENTITIES, AdminApiChecks::identities);
        breaks.addAll(both(ADMIN_CLIENTS, AdminApiChecks::clients));
        return breaks;
    }

    /** One line per break, or that there is none. */
    static String summary(List<Break> breaks) {
        return breaks.isEmpty() ? "no break" : breaks.size() + " break(s):\n" + breaks.stream().map(b -> "  " + b)
                .collect(Collectors.joining("\n"));
    }

    private List<Break> both(String check, Check crossing) throws InterruptedException {
        List<Break> breaks = new ArrayList<>();
        for (Direction direction : List.of(new Direction(a, b, adminToken, client),
                new Direction(b, a, adminToken, client))) {
            try {
                crossing.cross(direction);
            } catch (Broken e) {
                breaks.add(new Break(check, direction.from().release(), direction.to().release(), e.getMessage()));
            } catch (IOException e) {
                // A connection refused or timed out: the exception's own message names no token.
                breaks.add(new Break(check, direction.from().release(), direction.to().release(),
                        "no answer: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage())));
            } catch (RuntimeException e) {
                // An answer the check could not read (e.g. a Location that is no URI). Its message
                // may quote what came back, a code or token among it: only where it was thrown.
                StackTraceElement at = e.getStackTrace().length == 0 ? null : e.getStackTrace()[0];
                breaks.add(new Break(check, direction.from().release(), direction.to().release(),
                        "the check could not read an answer: " + e.getClass().getSimpleName() + (at == null ? ""
                                : " at " + at.getFileName() + ":" + at.getLineNumber())));
            }
        }
        return breaks;
    }
}
