package io.cardea.ops.deploy;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Registers the smoke test's probe client for a new deployment, through the admin clients API of
 * one instance of its first release started for the purpose, and writes its id and secret into
 * {@code cardea.env} (never printed). With it, {@code upgrade run}'s smoke test runs in full.
 */
final class ProbeClientSetup {

    static final String CLIENT_ID = "cardea-smoke-probe";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

    private ProbeClientSetup() {}

    /** Registers it (or, when the database has it already, gives it a new secret) and adds it to cardea.env. */
    static void register(Deployment deployment, ReleaseFolder release) throws IOException, InterruptedException {
        Instance instance = Instance.start("init", release, deployment.logs(), deployment::serverEnvironment, false);
        try {
            Readiness.await(List.of(instance.url()), READY_TIMEOUT, url -> instance.view());
            String secret = secret(instance.url(), deployment.config().adminToken());
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put(DeploymentConfig.SMOKE_CLIENT_ID, CLIENT_ID);
            settings.put(DeploymentConfig.SMOKE_CLIENT_SECRET, secret);
            deployment.addSettings(settings);
        } finally {
            instance.stop(Supervisor.STOP_PATIENCE);
        }
    }

    private static String secret(URI instance, String adminToken) throws IOException, InterruptedException {
        String client = JSON.createObjectNode().put("client_id", CLIENT_ID).put("name", "Cardea smoke test probe")
                .put("type", "confidential").set("grant_types", JSON.createArrayNode().add("client_credentials"))
                .toString();
        HttpResponse<String> registered = post(instance.resolve("/admin/clients"), adminToken, client);
        if (registered.statusCode() == 409) {
            // A deployment made again on the same database: the client is there, its secret is not.
            registered = post(instance.resolve("/admin/clients/" + CLIENT_ID + "/secret"), adminToken, "{}");
        }
        JsonNode answer = JSON.readTree(registered.body());
        if (registered.statusCode() / 100 != 2 || !answer.path("client_secret").isString()) {
            throw new DeploymentException("registering the smoke test's probe client answered "
                    + registered.statusCode() + " " + answer.path("error").asString("") + " "
                    + answer.path("message").asString(""));
        }
        return answer.get("client_secret").asString();
    }

    private static HttpResponse<String> post(URI uri, String adminToken, String body)
            throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + adminToken).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
