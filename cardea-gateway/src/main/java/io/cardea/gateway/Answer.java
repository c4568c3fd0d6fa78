package io.cardea.gateway;

import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ajax.JSON;

/** The gateway's own answers (as opposed to an upstream's): small JSON bodies a machine can read. */
public final class Answer {

    private Answer() {
    }

    public static void json(Response response, Callback callback, int status, Map<String, ?> body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        Content.Sink.write(response, true, new JSON().toJSON(body) + "\n", callback);
    }

    /** {@code {"error": code, "message": message}}. */
    public static void error(Response response, Callback callback, int status, String code, String message) {
        json(response, callback, status, Map.of("error", code, "message", message));
    }
}
