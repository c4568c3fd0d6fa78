package io.cardea.server;

import io.cardea.migrate.Migrator;
import io.cardea.testing.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** A server on a random port of a test database, and an HTTP client to call it. */
public final class TestServer implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final RunningServer server;

    private TestServer(RunningServer server) {
        this.server = server;
    }

    /** Applies the release's expand migrations, as an operator runs {@code cardea migrate up}. */
    public static void migrate(TestDatabase db) {
        Migrator.configure().dataSource(db.dataSource()).releaseMigrations().load().up();
    }

    public static TestServer start(TestDatabase db) {
        return start(db, Map.of());
    }

    /** The system secret every test server shares, as the instances of one deployment do. */
    public static final String SYSTEM_SECRET = "test-system-secret-of-more-than-32-characters";

    /** The cookie secret every test server shares, as the instances of one deployment do. */
    public static final String COOKIE_SECRET = "test-cookie-secret-of-more-than-32-characters";

    /** Starts with test-friendly settings (no drain delay, the secrets), overridden by {@code settings}. */
    public static TestServer start(TestDatabase db, Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(Map.of("cardea.shutdown.drain-delay", "0s", "cardea.secrets.system",
                SYSTEM_SECRET, "cardea.secrets.cookie", COOKIE_SECRET));
        all.putAll(settings);
        return new TestServer(CardeaServer.start(new ServerOptions(db.jdbcUrl(), db.user(), null, "127.0.0.1", 0,
                all)));
    }

    public RunningServer server() {
        return server;
    }

    public Response get(String path, String session) {
        return send(request(path, session).GET());
    }

    public Response post(String path, String json, String session) {
        return send(request(path, session).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response delete(String path, String session) {
        return send(request(path, session).DELETE());
    }

    /** A request with an optional bearer token and JSON body (each null: none). */
    public Response call(String method, String path, String bearer, String json) {
        HttpRequest.Builder b = request(path, null);
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        return send(b.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json)));
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    public Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body(), r.headers().allValues("Set-Cookie"),
                    r.headers().firstValue("Location").orElse(null), r.headers().firstValue("Retry-After").orElse(null),
                    r.headers());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpRequest.Builder request(String path, String session) {
        var b = HttpRequest.newBuilder(URI.create(url(path)))
                .timeout(Duration.ofSeconds(30));
        if (session != null) {
            b.header("Cookie", "cardea_session=" + session);
        }
        return b;
    }

    /**
     * Waits up to 30 s until GET {@code path} answers 200: pages that follow the fleet's features,
     * such as account mail's, are offered once the fleet was read, a few seconds after start.
     */
    public void awaitOffered(String path) {
        Instant until = Instant.now().plus(Duration.ofSeconds(30));
        while (get(path, null).status() != 200) {
            if (Instant.now().isAfter(until)) {
                throw new AssertionError(path + " was not offered within 30 s of start");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Registers and signs in; returns the session token. */
    public String signUpAndIn(String email, String password) {
        Response r = post("/self-service/registration", Json.credentials(email, password), null);
        if (r.status() != 201) {
            throw new AssertionError("registration failed: " + r);
        }
        return signIn(email, password);
    }

    public String signIn(String email, String password) {
        Response r = post("/self-service/login", Json.credentials(email, password), null);
        if (r.status() != 200) {
            throw new AssertionError("sign-in failed: " + r);
        }
        return r.sessionToken();
    }

    @Override
    public void close() {
        server.close();
    }

    /** @param location the {@code Location} header, or null; {@code retryAfter} likewise */
    public record Response(int status, String body, java.util.List<String> setCookies, String location,
            String retryAfter, java.net.http.HttpHeaders headers) {

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        /** The value of the {@code cardea_session} cookie this response sets. */
        public String sessionToken() {
            return sessionCookie().substring("cardea_session=".length()).split(";", 2)[0];
        }

        public String sessionCookie() {
            return setCookies.stream().filter(c -> c.startsWith("cardea_session=")).findFirst()
                    .orElseThrow(() -> new AssertionError("no session cookie in " + this));
        }
    }
}
