package io.cardea.migrate.registry;

import java.io.IOException;
import java.io.InputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;

/**
 * The release this process runs, as servers register it and as {@code migrate contract} compares
 * it: the version in the release manifest the distribution carries, or, for code run outside a
 * distribution (tests, an IDE), the version its jar was built as.
 */
public final class RunningRelease {

    /** Where the distribution carries its release manifest, on the class path and inside its jar. */
    public static final String MANIFEST = "META-INF/cardea/release.json";

    private RunningRelease() {}

    public static String version() {
        try (InputStream in = RunningRelease.class.getClassLoader().getResourceAsStream(MANIFEST)) {
            if (in != null) {
                var version = new ObjectMapper().readTree(in).path("version");
                if (version.isString()) {
                    return version.asString();
                }
            }
        } catch (IOException | JacksonException e) {
            throw new IllegalStateException("could not read this release's manifest " + MANIFEST, e);
        }
        String built = RunningRelease.class.getPackage().getImplementationVersion();
        return built != null ? built : "unknown";
    }
}
