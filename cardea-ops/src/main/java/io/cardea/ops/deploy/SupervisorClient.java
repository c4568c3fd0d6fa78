package io.cardea.ops.deploy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** A client of a running supervisor's control endpoint (see {@link ControlEndpoint}). */
public final class SupervisorClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI control;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public SupervisorClient(URI control, String token) {
        this.control = control;
        this.authorization = "Bearer " + token.strip();
    }

    public static SupervisorClient of(Deployment deployment) {
        return new SupervisorClient(deployment.endpoints().control(), deployment.controlToken());
    }

    /** The release the supervisor starts after a restart. */
    public String currentRelease() throws IOException, InterruptedException {
        return call("GET", "/instances", null).path("release").asString("");
    }

    public List<InstanceView> instances() throws IOException, InterruptedException {
        List<InstanceView> views = new ArrayList<>();
        for (JsonNode node : call("GET", "/instances", null).path("instances")) {
            views.add(JSON.treeToValue(node, InstanceView.class));
        }
        return views;
    }

    /** The instance at {@code url}, or null when the supervisor has none there. */
    public InstanceView instance(URI url) throws IOException, InterruptedException {
        return instances().stream().filter(i -> i.url().equals(url)).findFirst().orElse(null);
    }

    public InstanceView start(String release) throws IOException, InterruptedException {
        return JSON.treeToValue(call("POST", "/instances", Map.of("release", release)), InstanceView.class);
    }

    /**
     * The instance takes users' traffic: the supervisor gives it the normal CPU priority back.
     *
     * @return why that could not be done, or empty
     */
    public Optional<String> serve(String id) throws IOException, InterruptedException {
        JsonNode note = call("POST", "/instances/" + id + "/serve", null).path("note");
        return note.isString() ? Optional.of(note.asString()) : Optional.empty();
    }

    /** Stops an instance; returns once it has drained and exited. */
    public void stop(String id) throws IOException, InterruptedException {
        call("DELETE", "/instances/" + id, null);
    }

    public void makeCurrent(String release) throws IOException, InterruptedException {
        call("PUT", "/release", Map.of("release", release));
    }

    private JsonNode call(String method, String path, Object body) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(control.resolve(path)).header("Authorization", authorization)
                .timeout(Supervisor.STOP_PATIENCE.plusSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.net.ConnectException e) {
            throw new DeploymentException("the deployment's supervisor does not answer on " + control + ": is `cardea "
                    + "deploy start` running?", e);
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(response.body());
        } catch (JacksonException e) {
            throw new DeploymentException("the deployment's supervisor answered " + method + " " + path
                    + " with HTTP " + response.statusCode() + " and a body that is not JSON", e);
        }
        if (response.statusCode() >= 300) {
            throw new DeploymentException("the supervisor refused " + method + " " + path + ": "
                    + answer.path("message").asString(response.body()));
        }
        return answer;
    }
}
