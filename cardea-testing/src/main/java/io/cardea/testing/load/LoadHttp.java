package io.cardea.testing.load;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The load's requests: each one is sent, judged against the answer expected, and counted. A failure
 * is a connection error, a timeout, another status, or an answer whose content is wrong.
 */
final class LoadHttp implements AutoCloseable {

    /** An answer as expected. */
    record Answer(int status, String body, List<String> setCookies, Optional<String> location) {

        Map<String, Object> json() {
            try {
                return JSONObjectUtils.parse(body);
            } catch (ParseException e) {
                throw new IllegalStateException("not a JSON object", e);
            }
        }
    }

    /** What an answer must hold besides its status: null when it does, else the reason it does not. */
    interface Expectation {
        String problem(Answer answer);
    }

    private final HttpClient client;
    private final URI base;
    private final Duration timeout;
    private final Recorder recorder;

    LoadHttp(URI base, Duration timeout, Recorder recorder) {
        this.base = base;
        this.timeout = timeout;
        this.recorder = recorder;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    HttpRequest.Builder get(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(timeout).GET();
    }

    HttpRequest.Builder postJson(String path, Map<String, ?> json) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSONObjectUtils.toJSONString(json)));
    }

    HttpRequest.Builder postForm(String path, Map<String, String> form) {
        String body = form.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    static HttpRequest.Builder basic(HttpRequest.Builder request, LoadSettings.Client client) {
        String pair = encode(client.clientId()) + ":" + encode(client.secret());
        return request.header("Authorization",
                "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }

    static HttpRequest.Builder session(HttpRequest.Builder request, String session) {
        return request.header("Cookie", "cardea_session=" + session);
    }

    /** Sends, counts the request as {@code kind}, and answers it when it was as expected. */
    Optional<Answer> send(RequestKind kind, HttpRequest.Builder request, int expectedStatus, Expectation expectation) {
        return send(kind, request, Set.of(expectedStatus), expectation);
    }

    Optional<Answer> send(RequestKind kind, HttpRequest.Builder request, Set<Integer> expectedStatus,
            Expectation expectation) {
        long began = System.nanoTime();
        HttpRequest built = request.build();
        String problem;
        Answer answer = null;
        try {
            HttpResponse<String> r = client.send(built, HttpResponse.BodyHandlers.ofString());
            answer = new Answer(r.statusCode(), r.body(), r.headers().allValues("Set-Cookie"),
                    r.headers().firstValue("Location"));
            problem = !expectedStatus.contains(r.statusCode())
                    ? "HTTP " + r.statusCode() + " (expected " + expectedStatus + ")" + errorOf(answer)
                    : expectation.problem(answer);
        } catch (HttpTimeoutException e) {
            problem = "no answer within " + timeout.toMillis() + " ms";
        } catch (IOException e) {
            problem = "connection error: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem = "interrupted";
        } catch (RuntimeException e) {
            problem = "unreadable answer: " + e.getMessage();
        }
        if (problem != null) {
            recorder.failed(kind, began, built.method() + " " + built.uri().getPath() + ": " + problem);
            return Optional.empty();
        }
        recorder.succeeded(kind, began);
        return Optional.of(answer);
    }

    Optional<Answer> send(RequestKind kind, HttpRequest.Builder request, int expectedStatus) {
        return send(kind, request, expectedStatus, answer -> null);
    }

    /** The error code of an error answer (Cardea's or OAuth2's), never the body itself: it may hold a token. */
    private static String errorOf(Answer answer) {
        try {
            Object error = JSONObjectUtils.parse(answer.body()).get("error");
            return error == null ? "" : " " + error;
        } catch (ParseException | RuntimeException e) {
            return "";
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
