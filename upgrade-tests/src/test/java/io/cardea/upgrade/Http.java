package io.cardea.upgrade;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Plain HTTP against the gateway, as a client application or a browser sends it. Cookies are kept by hand. */
final class Http {

    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private final URI base;
    private final Map<String, String> cookies;

    Http(URI base) {
        this(base, new LinkedHashMap<>());
    }

    private Http(URI base, Map<String, String> cookies) {
        this.base = base;
        this.cookies = cookies;
    }

    /** The same browser (one cookie jar) addressing another base URI, e.g. another instance of one deployment. */
    Http at(URI other) {
        return new Http(other, cookies);
    }

    URI base() {
        return base;
    }

    HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        return send(request(path, headers).GET());
    }

    HttpResponse<String> postJson(String path, String json, String... headers) throws IOException, InterruptedException {
        return send(request(path, json(headers)).POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> postForm(String path, Map<String, String> form, String... headers)
            throws IOException, InterruptedException {
        String body = form.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        String[] all = new String[headers.length + 2];
        all[0] = "Content-Type";
        all[1] = "application/x-www-form-urlencoded";
        System.arraycopy(headers, 0, all, 2, headers.length);
        return send(request(path, all).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> patchJson(String path, String json, String... headers) throws IOException, InterruptedException {
        return send(request(path, json(headers)).method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> delete(String path, String... headers) throws IOException, InterruptedException {
        return send(request(path, headers).DELETE());
    }

    /** Sets a cookie as a browser keeps one (e.g. a session opened elsewhere). */
    void cookie(String name, String value) {
        synchronized (cookies) {
            cookies.put(name, value);
        }
    }

    String cookie(String name) {
        return cookies.get(name);
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((encode(user) + ":" + encode(password))
                .getBytes(StandardCharsets.UTF_8));
    }

    static String bearer(String token) {
        return "Bearer " + token;
    }

    /** A string field of a small JSON object, or null. */
    static String jsonField(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    /** The value of a hidden form field of a page. */
    static String formField(String html, String name) {
        Matcher m = Pattern.compile("name=\"" + Pattern.quote(name) + "\" value=\"([^\"]*)\"").matcher(html);
        if (!m.find()) {
            throw new AssertionError("no field " + name + " in " + html);
        }
        return m.group(1).replace("&amp;", "&").replace("&#61;", "=").replace("&#x3D;", "=").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">");
    }

    /** The path and query of a location, to follow it on this gateway. */
    static String relative(String location) {
        URI uri = URI.create(location);
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    private HttpRequest.Builder request(String path, String... headers) {
        var request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        synchronized (cookies) {
            if (!cookies.isEmpty()) {
                request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining("; ")));
            }
        }
        return request;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        List<String> setCookies = response.headers().allValues("Set-Cookie");
        synchronized (cookies) {
            for (String setCookie : setCookies) {
                String[] nameValue = setCookie.split(";", 2)[0].split("=", 2);
                if (nameValue[1].isEmpty() || setCookie.contains("Max-Age=0")) {
                    cookies.remove(nameValue[0]);
                } else {
                    cookies.put(nameValue[0], nameValue[1]);
                }
            }
        }
        return response;
    }

    private static String[] json(String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Content-Type";
        all[1] = "application/json";
        System.arraycopy(headers, 0, all, 2, headers.length);
        return all;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
