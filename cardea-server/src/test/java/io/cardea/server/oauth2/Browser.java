package io.cardea.server.oauth2;

import io.cardea.server.TestServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.web.util.HtmlUtils;

/**
 * A user's browser for the tests: keeps cookies, follows the pages a person clicks through (sign-in
 * form, consent form), and can send each request to a different server instance.
 */
public final class Browser {

    private final Map<String, String> cookies = new LinkedHashMap<>();

    /** GET of a path (and query) on {@code server}. */
    public TestServer.Response get(TestServer server, String pathAndQuery) {
        return remember(server.send(withCookies(HttpRequest.newBuilder(URI.create(server.url(pathAndQuery)))).GET()));
    }

    /** A form post, as a browser submits it. */
    public TestServer.Response post(TestServer server, String path, Map<String, List<String>> form) {
        String body = form.entrySet().stream().flatMap(e -> e.getValue().stream().map(v -> encode(e.getKey()) + "="
                + encode(v))).collect(Collectors.joining("&"));
        return remember(server.send(withCookies(HttpRequest.newBuilder(URI.create(server.url(path))))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))));
    }

    /** Submits the sign-in page at {@code signInLocation} on {@code server}; answers the form's response. */
    public TestServer.Response signIn(TestServer server, String signInLocation, String email, String password) {
        TestServer.Response page = get(server, signInLocation);
        if (page.status() != 200) {
            throw new AssertionError("no sign-in page: " + page);
        }
        return post(server, "/sign-in", Map.of("_csrf", List.of(field(page.body(), "_csrf")),
                "return_to", List.of(field(page.body(), "return_to")), "email", List.of(email),
                "password", List.of(password)));
    }

    public String cookie(String name) {
        return cookies.get(name);
    }

    /** Sets a cookie as a page script or another site might. */
    void plant(String name, String value) {
        cookies.put(name, value);
    }

    void forget(String cookie) {
        cookies.remove(cookie);
    }

    /** The value of a hidden form field of a page. */
    public static String field(String html, String name) {
        Matcher m = Pattern.compile("name=\"" + Pattern.quote(name) + "\" value=\"([^\"]*)\"").matcher(html);
        if (!m.find()) {
            throw new AssertionError("no field " + name + " in " + html);
        }
        return HtmlUtils.htmlUnescape(m.group(1));
    }

    /** A server-relative location: the path and query of {@code location}. */
    static String relative(String location) {
        URI uri = URI.create(location);
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    private HttpRequest.Builder withCookies(HttpRequest.Builder request) {
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        return request;
    }

    private TestServer.Response remember(TestServer.Response response) {
        for (String setCookie : response.setCookies()) {
            String[] nameValue = setCookie.split(";", 2)[0].split("=", 2);
            if (nameValue[1].isEmpty() || setCookie.contains("Max-Age=0")) {
                cookies.remove(nameValue[0]);
            } else {
                cookies.put(nameValue[0], nameValue[1]);
            }
        }
        return response;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
