package io.cardea.ops.smoke;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code cardea smoke}: the smoke test an upgrade runs on new instances, on its own. */
@Command(name = "smoke", mixinStandardHelpOptions = true,
        description = {"Check that a Cardea instance (or the gateway in front of it) works end to end: ready; "
                + "discovery names the right issuer; the probe identity signs in, sees itself on "
                + "/sessions/whoami and signs out; the probe client gets a client_credentials token that "
                + "verifies through the JWKS and introspects as active; the admin API answers a read.",
                "One line per check. Secrets come from files or the environment, never the command line, and are "
                        + "never printed."},
        footerHeading = "%nEnvironment:%n",
        footer = {"  CARDEA_SMOKE_ADMIN_TOKEN, CARDEA_SMOKE_PROBE_PASSWORD, CARDEA_SMOKE_CLIENT_SECRET",
                "      the secrets, when their --...-file option is not given",
                "  CARDEA_SMOKE_PROBE_EMAIL, CARDEA_SMOKE_CLIENT_ID   defaults of --probe-email and --client-id",
                "%nExit codes:%n  0  every check passed%n  1  a check failed (named on its line)%n  2  wrong usage"})
public final class SmokeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--url", required = true, paramLabel = "URL",
            description = "Where to run the checks: an instance (e.g. http://127.0.0.1:8081) or the gateway.")
    URI url;

    @Option(names = "--issuer", paramLabel = "URL",
            description = "The issuer the tokens must name, when it is not --url: the public URL "
                    + "(CARDEA_OAUTH2_ISSUER) of an instance checked behind its gateway.")
    URI issuer;

    @Option(names = "--admin-token-file", paramLabel = "FILE",
            description = "File holding an admin API token (for `cardea dev`: cardea-data/admin-token); "
                    + "default: CARDEA_SMOKE_ADMIN_TOKEN.")
    Path adminTokenFile;

    @Option(names = "--probe-email", paramLabel = "EMAIL", defaultValue = "${env:CARDEA_SMOKE_PROBE_EMAIL}",
            description = "The probe identity's email (default: CARDEA_SMOKE_PROBE_EMAIL).")
    String probeEmail;

    @Option(names = "--probe-password-file", paramLabel = "FILE",
            description = "File holding the probe identity's password; default: CARDEA_SMOKE_PROBE_PASSWORD.")
    Path probePasswordFile;

    @Option(names = "--client-id", paramLabel = "ID", defaultValue = "${env:CARDEA_SMOKE_CLIENT_ID}",
            description = "The probe client: a confidential OAuth2 client (for `cardea dev`: demo-web); "
                    + "default: CARDEA_SMOKE_CLIENT_ID.")
    String clientId;

    @Option(names = "--client-secret-file", paramLabel = "FILE",
            description = "File holding the probe client's secret; default: CARDEA_SMOKE_CLIENT_SECRET.")
    Path clientSecretFile;

    @Option(names = "--create-probe",
            description = "First create the probe identity through the admin API, unless it exists already.")
    boolean createProbe;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "How long each request may take (default ${DEFAULT-VALUE} s).")
    int timeoutSeconds;

    @Option(names = "--json", description = "Print the result as one JSON object, for machines.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        if (timeoutSeconds < 1) {
            throw new ParameterException(spec.commandLine(), "--timeout is at least 1 second");
        }
        SmokeTarget target = target();
        PrintWriter out = spec.commandLine().getOut();
        if (createProbe) {
            try {
                var outcome = ProbeIdentitySetup.ensure(target);
                if (!json) {
                    out.println("probe identity " + target.identity().email() + ": "
                            + (outcome == ProbeIdentitySetup.Outcome.CREATED ? "created" : "exists already"));
                }
            } catch (IllegalStateException e) {
                spec.commandLine().getErr().println("cardea: " + e.getMessage());
                return 1;
            }
        }
        SmokeResult result = SmokeTest.run(target);
        if (json) {
            out.println(asJson(target, result).toPrettyString());
        } else {
            print(target, result, out);
        }
        out.flush();
        return result.passed() ? 0 : 1;
    }

    private SmokeTarget target() throws IOException {
        String adminToken = secret(adminTokenFile, "CARDEA_SMOKE_ADMIN_TOKEN", "--admin-token-file");
        String password = secret(probePasswordFile, "CARDEA_SMOKE_PROBE_PASSWORD", "--probe-password-file");
        String secret = secret(clientSecretFile, "CARDEA_SMOKE_CLIENT_SECRET", "--client-secret-file");
        if (probeEmail == null || probeEmail.isBlank() || clientId == null || clientId.isBlank()) {
            throw new ParameterException(spec.commandLine(), "Give the probe: --probe-email (or "
                    + "CARDEA_SMOKE_PROBE_EMAIL) and --client-id (or CARDEA_SMOKE_CLIENT_ID)");
        }
        return new SmokeTarget(url, issuer, adminToken, new SmokeTarget.ProbeIdentity(probeEmail, password),
                new SmokeTarget.ProbeClient(clientId, secret), Duration.ofSeconds(timeoutSeconds));
    }

    /** A secret from its file, else from the environment; one of them is required. */
    private String secret(Path file, String variable, String option) throws IOException {
        String value = file != null ? Files.readString(file).strip() : System.getenv(variable);
        if (value == null || value.isBlank()) {
            throw new ParameterException(spec.commandLine(), "Give " + option + " FILE or set " + variable
                    + (file != null ? " (" + file + " is empty)" : ""));
        }
        return value;
    }

    private static void print(SmokeTarget target, SmokeResult result, PrintWriter out) {
        out.println("smoke test of " + target.url());
        for (CheckResult check : result.checks()) {
            out.printf(Locale.ROOT, "  %-4s %-16s %6d ms%s%n", label(check.outcome()), check.name(),
                    check.duration().toMillis(), check.reason() == null ? "" : "  " + check.reason());
        }
        out.println(result.passed() ? "passed: all " + result.checks().size() + " checks"
                : "FAILED: " + String.join(", ", result.failedChecks()));
    }

    private static String label(CheckResult.Outcome outcome) {
        return switch (outcome) {
            case PASSED -> "ok";
            case FAILED -> "FAIL";
            case SKIPPED -> "SKIP";
        };
    }

    private static ObjectNode asJson(SmokeTarget target, SmokeResult result) {
        ObjectNode root = SmokeHttp.JSON.createObjectNode().put("url", target.url().toString())
                .put("passed", result.passed());
        ArrayNode checks = root.putArray("checks");
        for (CheckResult check : result.checks()) {
            checks.addObject().put("name", check.name()).put("outcome", check.outcome().name().toLowerCase(Locale.ROOT))
                    .put("duration_ms", check.duration().toMillis()).put("reason", check.reason());
        }
        return root;
    }
}
