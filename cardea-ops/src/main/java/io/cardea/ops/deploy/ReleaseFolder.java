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

    /** Where an installed release keeps the JDK AOT cache its distribution made (bin/cardea's training run). */
    public static final String AOT_CACHE = "cardea.aot";

    /**
     * The release's JVM options, a java argument file that bin/cardea, the image and these processes
     * pass to java: the release's AOT cache is made with them, so each release starts with its own.
     */
    public static final String JVM_OPTIONS = "conf/jvm.options";

    /** What bin/cardea ran every release with before releases carried {@value #JVM_OPTIONS}. */
    static final List<String> JVM_OPTIONS_BEFORE_THE_FILE = List.of("-XX:+UseSerialGC", "-Xmx128m", "-Xss512k",
            "-XX:+UseCompactObjectHeaders");

    /**
     * The jars by name, as bin/cardea orders them when it makes and uses the AOT cache: the cache
     * holds only for a class path that begins with the one it was made with. A jar added to a
     * release (one carrying a newer manifest) sorts after them when its name does, and the cache still holds.
     */
    public String classpath() {
        try (Stream<Path> jars = Files.list(dir.resolve("lib"))) {
            return String.join(File.pathSeparator, jars.filter(j -> j.getFileName().toString().endsWith(".jar"))
                    .map(Path::toString).sorted().toList());
        } catch (IOException e) {
            throw new UncheckedIOException("could not list " + dir.resolve("lib"), e);
        }
    }

    /**
     * {@code cardea ARGS} of this release, as a process with the deployment's settings in its
     * environment: the release's JVM options, its AOT cache when it has one, then
     * {@code CARDEA_JAVA_OPTS} of those settings (the last of two settings wins).
     */
    public ProcessBuilder cardea(Map<String, String> environment, String... args) {
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(jvmOptions());
        if (Files.isRegularFile(dir.resolve(AOT_CACHE))) {
            command.add("-XX:AOTCache=" + dir.resolve(AOT_CACHE));
        }
        String extra = environment.getOrDefault("CARDEA_JAVA_OPTS", "").strip();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.addAll(List.of("-cp", classpath(), "io.cardea.Cardea"));
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        return builder;
    }

    /** Its {@value #JVM_OPTIONS}; a release from before the file gets the options it was made with, and says so. */
    private List<String> jvmOptions() {
        Path file = dir.resolve(JVM_OPTIONS);
        if (Files.isRegularFile(file)) {
            return List.of("@" + file);
        }
        System.err.println("cardea deploy: release " + version() + " has no " + JVM_OPTIONS + " (it is older than the "
                + "file); its processes run with the JVM options of releases before it: "
                + String.join(" ", JVM_OPTIONS_BEFORE_THE_FILE));
        return JVM_OPTIONS_BEFORE_THE_FILE;
    }

    /** The Java that runs this command: Cardea's launcher has already picked a JDK 25 for it. */
    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
