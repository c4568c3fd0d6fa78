package io.cardea.server.oauth2;

import io.cardea.server.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * The JavaScript of {@code src/test/js}: installs its pinned packages once per test run with
 * {@code npm ci}, and runs its scripts, each printing one JSON object of results.
 */
final class NodeScripts {

    static final Path DIR = Path.of("src/test/js").toAbsolutePath();

    private static boolean installed;

    private NodeScripts() {}

    /** What a script printed, and how it exited. */
    record Run(int exitCode, JsonNode result, String output) {}

    /** Runs {@code node script} with {@code env} added to the environment. */
    static Run run(String script, Map<String, String> env) {
        install();
        var process = start(List.of("node", script), env);
        String output = output(process, 120);
        String lastLine = output.strip().lines().reduce((a, b) -> b).orElse("");
        JsonNode result;
        try {
            result = Json.read(lastLine);
        } catch (RuntimeException e) {
            throw new AssertionError(script + " printed no JSON result:\n" + output, e);
        }
        return new Run(process.exitValue(), result, output);
    }

    private static synchronized void install() {
        if (installed) {
            return;
        }
        for (String tool : List.of("node", "npm")) {
            try {
                start(List.of(tool, "--version"), Map.of()).waitFor();
            } catch (AssertionError | InterruptedException e) {
                throw new AssertionError(tool + " is missing: the tests need Node.js 20 or later and npm,"
                        + " which build/test-packages installs (apt-get install nodejs npm)", e);
            }
        }
        var npm = start(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of());
        String output = output(npm, 300);
        if (npm.exitValue() != 0) {
            throw new AssertionError("npm ci failed in " + DIR + ":\n" + output);
        }
        installed = true;
    }

    private static Process start(List<String> command, Map<String, String> env) {
        var builder = new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command.getFirst(), e);
        }
    }

    /** The process' output, once it has exited; fails when it takes longer than {@code timeoutSeconds}. */
    private static String output(Process process, int timeoutSeconds) {
        var output = new java.io.ByteArrayOutputStream();
        // Read while it runs, so that a full pipe never blocks the process.
        var reader = Thread.ofVirtual().start(() -> {
            try (var in = process.getInputStream()) {
                in.transferTo(output);
            } catch (IOException e) {
                // The process was destroyed: what it printed so far is in the output.
            }
        });
        try {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                reader.join();
                throw new AssertionError("timed out after " + timeoutSeconds + " s:\n" + output);
            }
            reader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return output.toString(StandardCharsets.UTF_8);
    }
}
