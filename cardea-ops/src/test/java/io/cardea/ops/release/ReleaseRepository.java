package io.cardea.ops.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A throw-away repository as the release build reads it: CHANGELOG.md, migrations, the
 * configuration changes and the history of releases made so far.
 */
public final class ReleaseRepository {

    private final Path root;

    public ReleaseRepository(Path root) {
        this.root = root;
        write("db/migration/.keep", "");
    }

    public ReleaseRepository changelog(String markdown) {
        return write("CHANGELOG.md", "# Changelog\n\n" + markdown);
    }

    public ReleaseRepository migration(String fileName, String sql) {
        return write("db/migration/" + fileName, sql);
    }

    public ReleaseRepository configChanges(String properties) {
        return write("release/config-changes.properties", properties);
    }

    public ReleaseRepository deprecations(String text) {
        return write("release/deprecations.txt", text);
    }

    /** Builds {@code projectVersion}; returns the rules it breaks (the manifest is written only when none). */
    public List<String> build(String projectVersion) {
        return ReleaseBuild.write(projectVersion, root, root.resolve("db/migration"), manifest());
    }

    /** Builds {@code version}, which must keep the rules, and records it in the history as released. */
    public Path release(String version) {
        assertThat(build(version)).as("release rules for " + version).isEmpty();
        Path kept = root.resolve("release/history/" + version + ".json");
        try {
            Files.createDirectories(kept.getParent());
            return Files.copy(manifest(), kept);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path manifest() {
        return root.resolve("target/release.json");
    }

    private ReleaseRepository write(String path, String content) {
        try {
            Path file = root.resolve(path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
