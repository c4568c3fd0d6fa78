package io.cardea.ops.deploy;

import io.cardea.gateway.upstream.Balancing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The deployment's configuration file, {@code cardea.env}: {@code KEY=VALUE} lines, {@code #}
 * comments, read again each time an instance starts, so an edit reaches the next instances
 * without restarting the supervisor. It holds secrets and is created readable by its owner only.
 */
public record DeploymentConfig(Path file, Map<String, String> values) {

    public static final String DATABASE_URL = "CARDEA_DATABASE_URL";
    public static final String DATABASE_USER = "CARDEA_DATABASE_USER";
    public static final String DATABASE_PASSWORD = "CARDEA_DATABASE_PASSWORD";
    public static final String ADMIN_TOKENS = "CARDEA_ADMIN_TOKENS";
    public static final String GATEWAY_LISTEN = "CARDEA_GATEWAY_LISTEN";
    public static final String GATEWAY_RATE_LIMIT = "CARDEA_GATEWAY_RATE_LIMIT";
    public static final String GATEWAY_RATE_BURST = "CARDEA_GATEWAY_RATE_BURST";
    public static final String GATEWAY_BALANCING = Balancing.ENVIRONMENT;
    public static final String INSTANCES = "CARDEA_INSTANCES";
    /** The probe client {@code cardea smoke} signs in with; the servers never need the CARDEA_SMOKE_* settings. */
    public static final String SMOKE_CLIENT_ID = "CARDEA_SMOKE_CLIENT_ID";
    public static final String SMOKE_CLIENT_SECRET = "CARDEA_SMOKE_CLIENT_SECRET";
    public static final String SMOKE_PROBE_EMAIL = "CARDEA_SMOKE_PROBE_EMAIL";
    public static final String SMOKE_PROBE_PASSWORD = "CARDEA_SMOKE_PROBE_PASSWORD";

    public DeploymentConfig {
        values = Map.copyOf(values);
    }

    public static DeploymentConfig read(Path file) {
        Map<String, String> values = new LinkedHashMap<>();
        try {
            int number = 0;
            for (String line : Files.readAllLines(file)) {
                number++;
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                int eq = trimmed.indexOf('=');
                if (eq <= 0) {
                    throw new DeploymentException(file + " line " + number + " is not KEY=VALUE");
                }
                values.put(trimmed.substring(0, eq).strip(), trimmed.substring(eq + 1).strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
        return new DeploymentConfig(file, values);
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key)).filter(v -> !v.isBlank());
    }

    public String require(String key) {
        return get(key).orElseThrow(() -> new DeploymentException(file + " does not set " + key));
    }

    public int number(String key, int otherwise) {
        String value = get(key).orElse(null);
        if (value == null) {
            return otherwise;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new DeploymentException(file + ": " + key + " must be a whole number, got '" + value + "'");
        }
    }

    /** How the gateway balances: {@link #GATEWAY_BALANCING}, least-busy when unset. */
    public Balancing balancing() {
        String value = get(GATEWAY_BALANCING).orElse(null);
        try {
            return value == null ? Balancing.LEAST_BUSY : Balancing.named(GATEWAY_BALANCING, value);
        } catch (IllegalArgumentException e) {
            throw new DeploymentException(file + ": " + e.getMessage());
        }
    }

    /** The first admin token: the one Cardea's own tools (the smoke test) use. */
    public String adminToken() {
        return require(ADMIN_TOKENS).split(",")[0].strip();
    }
}
