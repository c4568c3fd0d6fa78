package io.cardea.ops.deploy;

import io.cardea.ops.release.ManifestLocation;
import io.cardea.ops.release.ReleaseManifest;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One installed release, {@code releases/VERSION/lib}: its code runs only in processes of its own
 * (instances, its migrator, its smoke test), so each release brings the tools that match it.
 */
public record ReleaseFolder(Path dir, ReleaseManifest manifest) {

    public static ReleaseFolder at(Path dir) {
        return new ReleaseFolder(dir, ManifestLocation.read(dir));
    }

    public String version() {
        return manifest.version().toString();
    }

    /** The jar carrying the manifest first, so the release's own code reads the manifest the folder is named by. */
    public String classpath() {
        Path first = ManifestLocation.manifestJar(dir);
        List<String> entries = new ArrayList<>(List.of(first.toString()));
        try (Stream<Path> jars = Files.list(dir.resolve("lib"))) {
            jars.filter(j -> j.getFileName().toString().endsWith(".jar") && !j.equals(first)).sorted()
                    .forEach(j -> entries.add(j.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("could not list " + dir.resolve("lib"), e);
        }
        return String.join(File.pathSeparator, entries);
    }

    /** {@code cardea ARGS} of this release, as a process with the deployment's settings in its environment. */
    public ProcessBuilder cardea(Map<String, String> environment, String... args) {
        List<String> command = new ArrayList<>(List.of(java(), "-cp", classpath(), "io.cardea.Cardea"));
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        return builder;
    }

    /** The Java that runs this command: Cardea's launcher has already picked a JDK 25 for it. */
    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
