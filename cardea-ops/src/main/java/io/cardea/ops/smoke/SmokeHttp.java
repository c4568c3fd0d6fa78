package io.cardea.ops.smoke;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The smoke test's HTTP calls. Answers that fail a check are described by their status and the
 * error code and message of Cardea's error body only: a body may hold a token, so it is never echoed.
 */
final class SmokeHttp implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    /** An answer; {@code setCookies} are the raw Set-Cookie headers. */
    record Answer(int status, String body, List<String> setCookies) {

        JsonNode json() throws CheckFailed {
            try {
                return JSON.readTree(body);
            } catch (JacksonException e) {
                throw new CheckFailed("the answer is not JSON");
            }
        }

        /** Fails unless the status is {@code expected}, saying what came instead. */
        Answer expect(int expected) throws CheckFailed {
            if (status != expected) {
                throw new CheckFailed("expected HTTP " + expected + ", got " + describe());
            }
            return this;
        }

        /** The status, and the error of an error body ({@code error} and {@code message} or {@code error_description}). */
        String describe() {
            StringBuilder text = new StringBuilder("HTTP ").append(status);
            try {
                JsonNode error = JSON.readTree(body);
                if (error != null && error.hasNonNull("error")) {
                    text.append(' ').append(error.get("error").asString());
                    JsonNode message = error.hasNonNull("message") ? error.get("message")
                            : error.get("error_description");
                    if (message != null && !message.isNull()) {
                        text.append(": ").append(message.asString());
                    }
                } else if (error != null && error.hasNonNull("reason")) {
                    text.append(' ').append(error.get("reason").asString()); // /health/ready
                }
            } catch (RuntimeException e) {
                // Not an error body: the status says it all.
            }
            return text.toString();
        }
    }

    private final HttpClient client;
    private final URI base;
    private final Duration timeout;

    SmokeHttp(URI base, Duration timeout) {
        this.base = base;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** A GET of a path on the target, or of an absolute URL (the JWKS the discovery document names). */
    Answer get(String pathOrUrl, String... headers) throws CheckFailed {
        return send(request(pathOrUrl, headers).GET());
    }

    Answer postJson(String path, String json, String... headers) throws CheckFailed {
        return send(request(path, headers).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Answer postForm(String path, Map<String, String> form, String... headers) throws CheckFailed {
        String body = form.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(request(path, headers).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    static String[] basic(String user, String password) {
        String pair = encode(user) + ":" + encode(password); // RFC 6749 2.3.1: form-encoded, then Base64
        return new String[] {"Authorization",
                "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8))};
    }

    static String[] bearer(String token) {
        return new String[] {"Authorization", "Bearer " + token};
    }

    private HttpRequest.Builder request(String pathOrUrl, String... headers) {
        URI uri = pathOrUrl.startsWith("/") ? URI.create(base + pathOrUrl) : URI.create(pathOrUrl);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
        if (headers.length > 0) {
            request.headers(headers);
        }
        return request;
    }

    private Answer send(HttpRequest.Builder request) throws CheckFailed {
        HttpRequest built = request.build();
        try {
            HttpResponse<String> r = client.send(built, HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body(), r.headers().allValues("Set-Cookie"));
        } catch (HttpTimeoutException e) {
            throw new CheckFailed("no answer from " + built.uri() + " within " + timeout.toSeconds() + " s");
        } catch (ConnectException e) {
            throw new CheckFailed("could not connect to " + built.uri());
        } catch (IOException e) {
            throw new CheckFailed(built.uri() + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CheckFailed("interrupted");
        }
    }

    @Override
    public void close() {
        client.close();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
