package io.cardea.upgrade;

import com.nimbusds.jose.util.JSONArrayUtils;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a crossing expects of an answer. A mismatch throws {@link Broken} naming the request, what
 * was expected and what came back: the status, the error code, and for a redirect where to (its
 * path only: a redirect's query may carry a code). Bodies are never quoted, they may hold tokens.
 */
final class Answers {

    private Answers() {}

    static HttpResponse<String> expect(HttpResponse<String> answer, int status, String request) throws Broken {
        if (answer.statusCode() != status) {
            throw new Broken(request + ": expected " + status + ", got " + described(answer));
        }
        return answer;
    }

    /** Refused with this status and error code. */
    static void refused(HttpResponse<String> answer, int status, String error, String request) throws Broken {
        if (answer.statusCode() != status || !error.equals(error(answer))) {
            throw new Broken(request + ": expected " + status + " " + error + ", got " + described(answer));
        }
    }

    /** A successful answer's JSON object. */
    static Map<String, Object> json(HttpResponse<String> answer, int status, String request) throws Broken {
        expect(answer, status, request);
        try {
            return JSONObjectUtils.parse(answer.body());
        } catch (ParseException e) {
            throw new Broken(request + ": expected a JSON object, got " + answer.statusCode() + " with another body");
        }
    }

    /** A successful answer's JSON array. */
    static List<Object> jsonArray(HttpResponse<String> answer, int status, String request) throws Broken {
        expect(answer, status, request);
        try {
            return JSONArrayUtils.parse(answer.body());
        } catch (ParseException e) {
            throw new Broken(request + ": expected a JSON array, got " + answer.statusCode() + " with another body");
        }
    }

    static void check(boolean holds, String detail) throws Broken {
        if (!holds) {
            throw new Broken(detail);
        }
    }

    /** A member of a JSON object, down a path of names, or null. */
    static Object member(Map<String, Object> json, String... path) {
        Object value = json;
        for (String name : path) {
            value = value instanceof Map<?, ?> m ? m.get(name) : null;
        }
        return value;
    }

    /** A string member that must be there (a token, an id); the detail names it, never its value. */
    static String required(Map<String, Object> json, String name, String request) throws Broken {
        if (!(json.get(name) instanceof String value) || value.isEmpty()) {
            throw new Broken(request + ": expected " + name + " in the answer, got none");
        }
        return value;
    }

    /** A hidden field of a page's form. */
    static String field(HttpResponse<String> page, String name, String request) throws Broken {
        try {
            return Http.formField(page.body(), name);
        } catch (AssertionError e) {
            throw new Broken(request + ": expected a form with " + name + ", got a page without it");
        }
    }

    static String location(HttpResponse<String> answer) {
        return answer.headers().firstValue("Location").orElse("");
    }

    /** Status, error code (a JSON body's, or a redirect's) and where a redirect goes. */
    static String described(HttpResponse<String> answer) {
        var s = new StringBuilder().append(answer.statusCode());
        String error = error(answer);
        if (error != null) {
            s.append(' ').append(error);
        }
        Optional<String> location = answer.headers().firstValue("Location");
        if (location.isPresent()) {
            s.append(" to ").append(path(location.get()));
            parameter(location.get(), "error").ifPresent(e -> s.append(" with error=").append(e));
        }
        return s.toString();
    }

    static Optional<String> parameter(String location, String name) {
        String query;
        try {
            query = URI.create(location).getRawQuery();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (query != null) {
            for (String pair : query.split("&")) {
                String[] kv = pair.split("=", 2);
                if (kv[0].equals(name) && kv.length == 2) {
                    return Optional.of(URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
                }
            }
        }
        return Optional.empty();
    }

    private static String path(String location) {
        try {
            return URI.create(location).getRawPath();
        } catch (IllegalArgumentException e) {
            return "a location that is not a URI";
        }
    }

    /** The {@code error} of a JSON answer (Cardea's and OAuth2's both), or null. */
    private static String error(HttpResponse<String> answer) {
        if (!answer.headers().firstValue("Content-Type").orElse("").contains("json")) {
            return null;
        }
        try {
            return JSONObjectUtils.parse(answer.body()).get("error") instanceof String e ? e : null;
        } catch (ParseException e) {
            return null;
        }
    }
}
