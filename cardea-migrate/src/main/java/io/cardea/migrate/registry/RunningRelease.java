package io.cardea.migrate.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The release this process runs, as servers register it and as {@code migrate contract} compares
 * it: the version in the release manifest the distribution carries, or, for code run outside a
 * distribution (tests, an IDE), the version its jar was built as.
 */
public final class RunningRelease {

    /** Where the distribution carries its release manifest, on the class path and inside its jar. */
    public static final String MANIFEST = "META-INF/cardea/release.json";

    /** The manifest each class loader finds, read once; weak keys, so a test's own loader can go. */
    private static final Map<ClassLoader, Optional<JsonNode>> READ = Collections.synchronizedMap(new WeakHashMap<>());

    private RunningRelease() {}

    /** The version of the release this process runs. */
    public static String version() {
        var manifest = newestManifest(RunningRelease.class.getClassLoader());
        if (manifest != null) {
            return manifest.path("version").asString();
        }
        String built = RunningRelease.class.getPackage().getImplementationVersion();
        return built != null ? built : "unknown";
    }

    /**
     * What the release whose manifest {@code loader} finds has deprecated; none for code run outside a
     * distribution, or from a manifest written before releases listed them.
     */
    public static List<Deprecation> deprecations(ClassLoader loader) {
        var manifest = newestManifest(loader);
        if (manifest == null || manifest.path("deprecations").isMissingNode()) {
            return List.of();
        }
        List<Deprecation> found = new ArrayList<>();
        int i = 0;
        for (JsonNode entry : manifest.path("deprecations")) {
            try {
                found.add(Deprecation.read(entry));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("this release's manifest " + MANIFEST + ", deprecations[" + i + "]: "
                        + e.getMessage(), e);
            }
            i++;
        }
        return List.copyOf(found);
    }

    /**
     * When several jars carry a manifest (a release built from another plus a jar of its own), the
     * newest version is the release, wherever that jar stands on the class path; null when none does.
     */
    private static JsonNode newestManifest(ClassLoader loader) {
        // The class path does not change while the process runs: each loader's manifest is read
        // once, not by every part of a server's start (the command line, the registry, the fleet,
        // the deprecations) nor by every admin request that names the release.
        return READ.computeIfAbsent(loader, RunningRelease::readNewestManifest).orElse(null);
    }

    private static Optional<JsonNode> readNewestManifest(ClassLoader loader) {
        JsonNode newest = null;
        try {
            for (URL url : Collections.list(loader.getResources(MANIFEST))) {
                try (InputStream in = url.openStream()) {
                    JsonNode manifest = new ObjectMapper().readTree(in);
                    var version = manifest.path("version");
                    if (version.isString() && (newest == null
                            || compare(version.asString(), newest.path("version").asString()) > 0)) {
                        newest = manifest;
                    }
                }
            }
        } catch (IOException | JacksonException e) {
            throw new IllegalStateException("could not read this release's manifest " + MANIFEST, e);
        }
        // Only what is asked of it is kept, not the migrations' text the manifest also carries.
        return Optional.ofNullable(newest).map(m -> (JsonNode) ((ObjectNode) m).retain("version", "deprecations"));
    }

    /**
     * MAJOR.MINOR.PATCH by number; what follows the numbers (-SNAPSHOT) does not count, and a part
     * that is not a number counts as 0.
     */
    public static int compare(String a, String b) {
        String[] x = a.split("[.-]");
        String[] y = b.split("[.-]");
        for (int i = 0; i < 3; i++) {
            int c = Integer.compare(number(x, i), number(y, i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static int number(String[] parts, int i) {
        try {
            return i < parts.length ? Integer.parseInt(parts[i]) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
