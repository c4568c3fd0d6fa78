package io.cardea.deploy.repository;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.cardea.deploy.repository.PackageChart.ChartRepositoryException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Helm chart repository's index.yaml: {@code apiVersion: v1}, and under {@code entries} every chart's
 * versions, each its Chart.yaml with where to download it ({@code urls}, relative to the repository),
 * its {@code digest} (SHA-256) and when it was {@code created}. Entries already there are kept.
 */
final class RepositoryIndex {

    static final String FILE = "index.yaml";
    private static final String CHART = "cardea";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** Helm's chart metadata; it refuses an index with any other field (Chart.yaml's license, say). */
    private static final Set<String> METADATA = Set.of("apiVersion", "name", "version", "appVersion", "kubeVersion",
            "description", "type", "keywords", "home", "sources", "dependencies", "maintainers", "icon", "deprecated",
            "annotations", "condition", "tags");

    private final Map<String, Object> index;

    private RepositoryIndex(Map<String, Object> index) {
        this.index = index;
    }

    /** The index in {@code dir}; a new, empty one when there is none yet. */
    @SuppressWarnings("unchecked")
    static RepositoryIndex read(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            Map<String, Object> empty = new LinkedHashMap<>();
            empty.put("apiVersion", "v1");
            empty.put("entries", new LinkedHashMap<String, Object>());
            return new RepositoryIndex(empty);
        }
        Map<String, Object> index = YAML.readValue(file.toFile(), LinkedHashMap.class);
        if (index == null || !"v1".equals(index.get("apiVersion")) || !(index.get("entries") instanceof Map)) {
            throw new ChartRepositoryException(file + " is not a Helm repository index (apiVersion: v1 with entries): "
                    + "give an empty folder or one that holds such an index");
        }
        return new RepositoryIndex(index);
    }

    /** The index entry of a packaged chart: its Chart.yaml's metadata, where to get it, its digest and when it was made. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> entry(Path chartYaml, Path packaged, String sha256, Instant created) throws IOException {
        Map<String, Object> entry = YAML.readValue(chartYaml.toFile(), LinkedHashMap.class);
        entry.keySet().retainAll(METADATA);
        entry.put("urls", List.of(packaged.getFileName().toString()));
        entry.put("digest", sha256);
        entry.put("created", created.toString());
        return entry;
    }

    void refuseExisting(String version) {
        versions().stream().filter(v -> version.equals(String.valueOf(v.get("version")))).findFirst().ifPresent(v -> {
            throw new ChartRepositoryException("the index already lists " + CHART + " " + version + " (digest "
                    + v.get("digest") + "): a published chart version never changes. Package the next release's "
                    + "version instead");
        });
    }

    /** Adds a version; Helm orders the versions itself as it reads the index. */
    RepositoryIndex add(Map<String, Object> entry) {
        List<Map<String, Object>> versions = new ArrayList<>(versions());
        versions.add(entry);
        entries().put(CHART, versions);
        return this;
    }

    /** Writes the index under a temporary name and moves it in place: a reader never sees half of it. */
    void write(Path dir, Instant generated) throws IOException {
        index.put("generated", generated.toString());
        Path next = dir.resolve(FILE + ".next");
        YAML.writeValue(next.toFile(), index);
        Files.move(next, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> entries() {
        return (Map<String, Object>) index.get("entries");
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> versions() {
        Object versions = entries().get(CHART);
        return versions instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
    }
}
