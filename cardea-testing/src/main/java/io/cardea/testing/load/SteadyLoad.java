package io.cardea.testing.load;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A steady mixed load on a Cardea deployment, for proving an upgrade loses no request: a fixed
 * number of virtual users sign in, read their sessions, get client_credentials tokens, introspect
 * tokens, call userinfo and fetch the JWKS, each request counted by kind and outcome.
 *
 * <p>{@link #start} first opens a session and an authorization code grant for every identity and
 * issues a few client tokens; the load keeps using them throughout, so sessions opened and tokens
 * issued before an upgrade are checked after it on every request that carries them, and every
 * JWKS fetched must still verify every token issued before the load.
 *
 * <pre>{@code
 * SteadyLoad load = new SteadyLoad(LoadSettings.of(gateway, client, identities, 8)).start();
 * ... load.mark("cut-over"); ...
 * LoadReport report = load.stop();
 * }</pre>
 */
public final class SteadyLoad {

    private static final int CLIENT_TOKENS_BEFORE = 3;
    private static final String CONSENT_PAGE = "/consent?";

    private final LoadSettings settings;
    private final Recorder recorder = new Recorder();
    private final LoadHttp http;
    private final List<Thread> users = new ArrayList<>();
    private volatile boolean running;
    private long deadline;

    public SteadyLoad(LoadSettings settings) {
        this.settings = settings;
        this.http = new LoadHttp(settings.baseUrl(), settings.requestTimeout(), recorder);
    }

    /**
     * Opens the sessions and grants the load keeps, then starts the virtual users.
     *
     * @throws IllegalStateException when that first part fails: the deployment is not fit to be loaded
     */
    public synchronized SteadyLoad start() {
        if (!users.isEmpty()) {
            throw new IllegalStateException("started already");
        }
        HeldCredentials held;
        try {
            held = holdCredentials();
        } catch (IllegalStateException e) {
            http.close();
            throw e;
        }
        running = true;
        deadline = System.nanoTime() + settings.maxDuration().toNanos();
        recorder.mark("load");
        for (int i = 0; i < settings.concurrency(); i++) {
            Thread user = Thread.ofPlatform().daemon().name("load-user-" + i)
                    .unstarted(new VirtualUser(http, settings, held, this::keepGoing));
            users.add(user);
            user.start();
        }
        return this;
    }

    /** A person signed in, with the access token an authorization code flow gave their app. */
    public record SignedIn(String session, String accessToken) {
        @Override
        public String toString() {
            return "SignedIn[...]";
        }
    }

    /**
     * Signs {@code identity} in and goes once through the authorization code flow (Cardea's consent
     * page included) with that session, as the load does for each identity before it starts.
     *
     * @throws IllegalStateException naming what failed
     */
    public static SignedIn signInAndAuthorize(LoadSettings settings, LoadSettings.Identity identity) {
        SteadyLoad walk = new SteadyLoad(settings);
        try (walk.http) {
            String session = VirtualUser.signIn(walk.http, identity).orElseThrow(walk::setupFailed);
            UserGrant grant = walk.authorize(session).orElseThrow(walk::setupFailed);
            return new SignedIn(session, grant.first().value());
        }
    }

    /** Names this instant, e.g. "cut-over", so the report can tell latencies and failures before and after it. */
    public void mark(String phase) {
        recorder.mark(phase);
    }

    /** Requests sent so far, including those of {@link #start}. */
    public long requests() {
        return recorder.requests();
    }

    public long failures() {
        return recorder.failures();
    }

    /** Waits until {@code requests} requests have ended (or the load has stopped, or {@code atMost} passed). */
    public boolean awaitRequests(long requests, Duration atMost) throws InterruptedException {
        long until = System.nanoTime() + atMost.toNanos();
        while (recorder.requests() < requests && keepGoing() && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        return recorder.requests() >= requests;
    }

    /** Stops the virtual users, lets the requests in flight end, and reports. */
    public LoadReport stop() throws InterruptedException {
        running = false;
        Duration grace = settings.requestTimeout().plus(settings.pause()).plusSeconds(5);
        for (Thread user : users) {
            if (!user.join(grace)) {
                user.interrupt();
                user.join(grace);
            }
        }
        recorder.mark("stop");
        http.close();
        return recorder.report();
    }

    private boolean keepGoing() {
        return running && System.nanoTime() < deadline;
    }

    /** The sessions, user grants and client tokens from before the load. */
    private HeldCredentials holdCredentials() {
        List<HeldCredentials.Session> sessions = new ArrayList<>();
        List<UserGrant> grants = new ArrayList<>();
        for (LoadSettings.Identity identity : settings.identities()) {
            String session = VirtualUser.signIn(http, identity).orElseThrow(this::setupFailed);
            sessions.add(new HeldCredentials.Session(identity.email(), session));
            grants.add(authorize(session).orElseThrow(this::setupFailed));
        }
        List<HeldCredentials.Token> tokens = new ArrayList<>();
        for (int i = 0; i < CLIENT_TOKENS_BEFORE; i++) {
            tokens.add(VirtualUser.clientCredentials(http, settings.client()).orElseThrow(this::setupFailed));
        }
        return new HeldCredentials(sessions, grants, tokens);
    }

    /** The authorization code flow for {@code openid email}, as a browser with this session goes through it. */
    private Optional<UserGrant> authorize(String session) {
        LoadSettings.Client client = settings.client();
        String state = UUID.randomUUID().toString();
        String request = "/oauth2/authorize?response_type=code&client_id=" + encode(client.clientId())
                + "&redirect_uri=" + encode(client.redirectUri()) + "&scope=" + encode("openid email") + "&state=" + state;
        // Sent to the consent page, or, with consent given before, straight back to the client.
        Optional<LoadHttp.Answer> answer = http.send(RequestKind.AUTHORIZATION_CODE,
                LoadHttp.session(http.get(request), session), 302, SteadyLoad::toConsentOrBackWithCode);
        Optional<String> consentPage = answer.flatMap(LoadHttp.Answer::location).filter(l -> l.contains(CONSENT_PAGE));
        if (consentPage.isPresent()) {
            URI page = URI.create(consentPage.get());
            Optional<LoadHttp.Answer> form = http.send(RequestKind.AUTHORIZATION_CODE, LoadHttp.session(
                    http.get(page.getRawPath() + "?" + page.getRawQuery()), session), 200);
            if (form.isEmpty()) {
                return Optional.empty();
            }
            // The consent form's CSRF token goes back as a field and, as its cookie, with the session.
            String csrfCookie = form.get().setCookies().stream().filter(c -> c.startsWith("XSRF-TOKEN="))
                    .map(c -> c.split(";", 2)[0]).findFirst().orElse("");
            answer = http.send(RequestKind.AUTHORIZATION_CODE, http.postForm("/oauth2/authorize", Map.of(
                    "_csrf", field(form.get().body(), "_csrf"), "client_id", client.clientId(),
                    "state", field(form.get().body(), "state"), "scope", "email"))
                    .header("Cookie", "cardea_session=" + session + "; " + csrfCookie), 302, SteadyLoad::backWithCode);
        }
        Optional<String> code = answer.flatMap(LoadHttp.Answer::location).flatMap(l -> parameter(l, "code"));
        if (code.isEmpty()) {
            return Optional.empty();
        }
        Optional<LoadHttp.Answer> tokens = http.send(RequestKind.AUTHORIZATION_CODE, LoadHttp.basic(http.postForm(
                "/oauth2/token", Map.of("grant_type", "authorization_code", "code", code.get(), "redirect_uri",
                        client.redirectUri())), client), 200,
                a -> a.json().get("refresh_token") instanceof String ? null : "no refresh_token in the answer");
        Optional<LoadHttp.Answer> whoami = http.send(RequestKind.WHOAMI,
                LoadHttp.session(http.get("/sessions/whoami"), session), 200);
        if (tokens.isEmpty() || whoami.isEmpty()) {
            return Optional.empty();
        }
        Object identity = whoami.get().json().get("identity");
        String subject = identity instanceof Map<?, ?> m ? String.valueOf(m.get("id")) : null;
        return Optional.of(new UserGrant(subject, tokens.get().json()));
    }

    private static String toConsentOrBackWithCode(LoadHttp.Answer answer) {
        return answer.location().orElse("").contains(CONSENT_PAGE) ? null : backWithCode(answer);
    }

    /** The value of a hidden field of a page, as Cardea writes it (no characters to unescape in these). */
    private static String field(String html, String name) {
        Matcher m = Pattern.compile("name=\"" + Pattern.quote(name) + "\" value=\"([^\"]*)\"").matcher(html);
        return m.find() ? m.group(1) : "";
    }

    /** A redirect must go back to the client with a code (not to the sign-in page, nor with an error). */
    private static String backWithCode(LoadHttp.Answer answer) {
        if (answer.status() != 302) {
            return null;
        }
        String location = answer.location().orElse("");
        return parameter(location, "code").isPresent() ? null
                : "sent to " + location.split("\\?", 2)[0] + " " + parameter(location, "error").orElse("")
                        + " instead of back to the client with a code";
    }

    private IllegalStateException setupFailed() {
        LoadReport report = recorder.report();
        return new IllegalStateException("the load could not open its sessions and tokens: "
                + report.failureReasons().stream().map(LoadReport.Failure::reason).toList());
    }

    private static Optional<String> parameter(String location, String name) {
        String query = URI.create(location).getRawQuery();
        if (query == null) {
            return Optional.empty();
        }
        for (String pair : query.split("&")) {
            String[] kv = pair.split("=", 2);
            if (kv[0].equals(name) && kv.length == 2) {
                return Optional.of(URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
