package io.cardea.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The chart in deploy/helm/cardea, rendered by the real Helm engine (helm-java ships it through
 * Maven Central) with values written to a file, so every value keeps its YAML type.
 */
final class Chart {

    static final Path DIR = Path.of(System.getProperty("cardea.chart", "../deploy/helm/cardea"));

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Chart() {}

    /** The release the chart deploys by default: its {@code appVersion}, the project's version (ChartVersionTest). */
    static String appVersion() {
        try {
            return YAML.readTree(DIR.resolve("Chart.yaml").toFile()).path("appVersion").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What every install must give: the database and the operator's Secrets. */
    static Map<String, Object> requiredValues() {
        Map<String, Object> values = new LinkedHashMap<>();
        put(values, "database.url", "jdbc:postgresql://db.internal:5432/cardea");
        put(values, "database.existingSecret", "cardea-db");
        put(values, "secrets.existingSecret", "cardea-secrets");
        return values;
    }

    /**
     * Sets a value at a dotted path, e.g. {@code put(values, "ingress.enabled", true)}; a null value
     * removes it.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> put(Map<String, Object> values, String path, Object value) {
        String[] keys = path.split("\\.");
        Map<String, Object> node = values;
        for (String key : Arrays.copyOf(keys, keys.length - 1)) {
            node = (Map<String, Object>) node.computeIfAbsent(key, k -> new LinkedHashMap<String, Object>());
        }
        if (value == null) {
            node.remove(keys[keys.length - 1]);
        } else {
            node.put(keys[keys.length - 1], value);
        }
        return values;
    }

    /**
     * helm-java's template leaves hooks out (it prints the release's manifest only), yet the Jobs, the
     * backup claim and the test Pod are hooks. So the chart is rendered from a copy whose hook
     * annotation has another key, which makes Helm treat them as plain manifests; the key is put back
     * in the rendered text. And helm-java's template asks a cluster what {@code lookup} finds (and fails
     * without one), where `helm template` finds nothing: the copy's lookups find nothing, as a first
     * install's do. Nothing else differs from the chart.
     */
    private static final String HOOK = "helm.sh/hook";
    private static final String SHOWN_HOOK = "test.cardea.io/hook";
    /** A lookup call, with at most one nested call among its arguments: {@code (lookup "v1" "Kind" ns (include ...))}. */
    private static final Pattern LOOKUP = Pattern.compile("\\(lookup (?:[^()]|\\([^()]*\\))*\\)");

    private static final Path AS_TEMPLATE_SEES_IT = copyAsTemplateSeesIt();

    /** Renders the chart as `helm template` does, hooks included; throws when Helm refuses. */
    static Manifests render(Map<String, Object> values) {
        Path file = write(values, tempDir().resolve("values.yaml"));
        String text = new Helm(AS_TEMPLATE_SEES_IT).template().withName("cardea").withNamespace("identity")
                .withValuesFile(file).call();
        return Manifests.parse(text.replace(SHOWN_HOOK, HOOK));
    }

    private static Path copyAsTemplateSeesIt() {
        Path copy = tempDir().resolve("cardea");
        String annotation = '"' + HOOK + "\":";
        try {
            copyTree(DIR, copy);
            int shown = 0;
            try (var files = Files.walk(copy.resolve("templates"))) {
                for (Path template : files.filter(Files::isRegularFile).toList()) {
                    String text = Files.readString(template);
                    if (text.contains(annotation)) {
                        shown++;
                    }
                    Files.writeString(template, LOOKUP.matcher(text.replace(annotation, '"' + SHOWN_HOOK + "\":"))
                            .replaceAll("(dict)"));
                }
            }
            if (shown == 0) {
                throw new IllegalStateException("no " + annotation + " in the templates of " + DIR);
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The notes Helm prints after an install (a client-only dry run: no cluster involved). */
    static String notes(Map<String, Object> values) {
        Path file = write(values, tempDir().resolve("values.yaml"));
        return new Helm(DIR).install().withName("cardea").withNamespace("identity").dryRun().clientOnly()
                .withValuesFile(file).call().getOutput();
    }

    /**
     * Runs `helm lint --strict`. Lint reads only the chart's own values.yaml, so it runs on a copy of
     * the chart whose values.yaml has the given values merged in.
     */
    static LintResult lint(Map<String, Object> values) {
        Path copy = tempDir().resolve("cardea");
        try {
            copyTree(DIR, copy);
            Map<String, Object> merged = merge(read(DIR.resolve("values.yaml")), values);
            write(merged, copy.resolve("values.yaml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Helm(copy).lint().strict().call();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> overrides) {
        overrides.forEach((key, value) -> {
            if (value instanceof Map<?, ?> map && base.get(key) instanceof Map<?, ?> existing) {
                merge((Map<String, Object>) existing, (Map<String, Object>) map);
            } else {
                base.put(key, value);
            }
        });
        return base;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> read(Path file) throws IOException {
        return YAML.readValue(file.toFile(), LinkedHashMap.class);
    }

    private static Path write(Map<String, Object> values, Path file) {
        try {
            YAML.writeValue(file.toFile(), values);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path source : paths.toList()) {
                Files.copy(source, to.resolve(from.relativize(source).toString()));
            }
        }
    }

    private static Path tempDir() {
        try {
            Path dir = Files.createTempDirectory("cardea-chart");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static EnvVar env(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + container.getEnv()));
    }

    /** Every manifest the chart rendered, parsed strictly, and the rendered text itself. */
    record Manifests(String text, List<HasMetadata> resources) {

        static Manifests parse(String text) {
            return new Manifests(text, StrictManifest.parseAll(text));
        }

        <T extends HasMetadata> List<T> all(Class<T> kind) {
            return resources.stream().filter(kind::isInstance).map(kind::cast).toList();
        }

        <T extends HasMetadata> T one(Class<T> kind) {
            List<T> found = all(kind);
            if (found.size() != 1) {
                throw new AssertionError("expected one " + kind.getSimpleName() + ", found " + found.size());
            }
            return found.getFirst();
        }

        <T extends HasMetadata> T named(Class<T> kind, String name) {
            return all(kind).stream().filter(r -> r.getMetadata().getName().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + kind.getSimpleName() + " " + name + " in\n" + text));
        }
    }
}
