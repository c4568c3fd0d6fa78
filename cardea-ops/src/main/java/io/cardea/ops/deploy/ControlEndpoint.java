package io.cardea.ops.deploy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cardea.gateway.admin.AdminToken;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The supervisor's control endpoint, on loopback, behind a bearer token kept in
 * {@code state/control-token}:
 * <ul>
 *   <li>{@code GET /instances}: the current release and every instance;</li>
 *   <li>{@code POST /instances} {@code {"release": "0.2.0"}}: start one instance of an installed release,
 *       at a lower CPU priority (the others serve meanwhile);</li>
 *   <li>{@code POST /instances/ID/serve}: it takes users' traffic now: its normal CPU priority back
 *       ({@code {"note": TEXT}} when that could not be done);</li>
 *   <li>{@code DELETE /instances/ID}: stop one (it drains first); answers once it has exited;</li>
 *   <li>{@code PUT /release} {@code {"release": "0.2.0"}}: the release to start after a restart of the supervisor.</li>
 * </ul>
 * Errors are {@code {"error": CODE, "message": TEXT}}; a release that is not named by its version
 * (MAJOR.MINOR.PATCH) is answered 400 {@code invalid_release} before it names any folder.
 */
final class ControlEndpoint implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 16 * 1024;

    private final HttpServer server;
    private final Supervisor supervisor;
    private final AdminToken token;

    private ControlEndpoint(HttpServer server, Supervisor supervisor, AdminToken token) {
        this.server = server;
        this.supervisor = supervisor;
        this.token = token;
    }

    static ControlEndpoint start(Supervisor supervisor, AdminToken token) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        var endpoint = new ControlEndpoint(server, supervisor, token);
        server.createContext("/", endpoint::handle);
        // Stopping an instance waits for its drain: each call gets a thread of its own.
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        return endpoint;
    }

    URI address() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void handle(HttpExchange exchange) throws IOException {
        // Failures are answered inside the try-with-resources: its catch blocks would run with the exchange closed.
        try (exchange) {
            try {
                serve(exchange);
            } catch (InvalidReleaseName e) {
                answer(exchange, 400, error("invalid_release", e.getMessage()));
            } catch (DeploymentException e) {
                answer(exchange, 409, error("refused", e.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                answer(exchange, 503, error("stopping", "the supervisor is stopping"));
            } catch (RuntimeException e) {
                answer(exchange, 500, error("failed", String.valueOf(e.getMessage())));
            }
        }
    }

    private void serve(HttpExchange exchange) throws IOException, InterruptedException {
        if (!token.admits(exchange.getRequestHeaders().getFirst("Authorization"))) {
            exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer");
            answer(exchange, 401, error("unauthorized", "send Authorization: Bearer <the token in state/control-token>"));
            return;
        }
        String path = exchange.getRequestURI().getPath();
        String route = exchange.getRequestMethod() + " " + (!path.startsWith("/instances/") ? path
                : path.endsWith("/serve") ? "/instances/ID/serve" : "/instances/ID");
        switch (route) {
            case "GET /instances" -> answer(exchange, 200, Map.of("release", supervisor.currentRelease(),
                    "instances", supervisor.instances()));
            case "POST /instances" -> {
                String release = release(exchange);
                if (release != null) {
                    answer(exchange, 201, supervisor.startInstance(release, true).view());
                }
            }
            case "DELETE /instances/ID" -> {
                InstanceView stopped = supervisor.stopInstance(path.substring("/instances/".length()));
                if (stopped == null) {
                    answer(exchange, 404, error("unknown_instance", "no instance " + path.substring(11)));
                } else {
                    answer(exchange, 200, stopped);
                }
            }
            case "POST /instances/ID/serve" -> {
                String id = path.substring("/instances/".length(), path.length() - "/serve".length());
                Optional<String> note = supervisor.serveInstance(id);
                if (note == null) {
                    answer(exchange, 404, error("unknown_instance", "no instance " + id));
                } else {
                    answer(exchange, 200, note.map(n -> Map.of("note", n)).orElse(Map.of()));
                }
            }
            case "PUT /release" -> {
                String release = release(exchange);
                if (release != null) {
                    supervisor.makeCurrent(release);
                    answer(exchange, 200, Map.of("release", release));
                }
            }
            default -> answer(exchange, 404, error("not_found", "no " + route + "; the control endpoint has "
                    + "GET|POST /instances, DELETE /instances/ID, POST /instances/ID/serve and PUT /release"));
        }
    }

    /** The {@code release} of a JSON body, or null after answering 400. */
    private static String release(HttpExchange exchange) throws IOException {
        JsonNode body;
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                answer(exchange, 413, error("too_large", "the body is over " + MAX_BODY + " bytes"));
                return null;
            }
            body = JSON.readTree(bytes);
        } catch (IOException | JacksonException e) {
            answer(exchange, 400, error("malformed_json", "the body is not JSON"));
            return null;
        }
        if (body == null || !body.path("release").isString()) {
            answer(exchange, 400, error("invalid_body", "expected {\"release\": \"VERSION\"}"));
            return null;
        }
        return body.get("release").asString();
    }

    private static Map<String, String> error(String code, String message) {
        return Map.of("error", code, "message", message);
    }

    private static void answer(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
