package io.cardea.upgrade;

import io.cardea.ops.release.ReleaseHistory;
import io.cardea.ops.release.ReleaseManifest;
import io.cardea.ops.release.ReleaseVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.ObjectMapper;

/**
 * The release before this build, as an operator downloads it: the newest release in
 * {@code release/history/} below the project's version, built from the git commit its manifest
 * records by that commit's own build and {@code build/release-archive}, and unpacked. Built once,
 * then kept under {@code target/previous-release/VERSION} for every later test and run.
 */
final class PreviousRelease {

    private static final Path REPOSITORY = Path.of(System.getProperty("cardea.repository", "..")).toAbsolutePath()
            .normalize();
    private static final Path CACHE = Path.of("target/previous-release").toAbsolutePath();
    private static final long BUILD_MINUTES = 15;

    private static Path folder;

    private PreviousRelease() {}

    /** The release's version, e.g. {@code 0.1.0}. */
    static String version() {
        return manifest().version().toString();
    }

    /** Its unpacked release folder ({@code bin/}, {@code lib/}, {@code conf/}), built on first use. */
    static synchronized Path folder() {
        if (folder == null) {
            folder = build(manifest().version().toString(), commit());
        }
        return folder;
    }

    private static ReleaseManifest manifest() {
        ReleaseVersion current = ReleaseVersion.ofProject(System.getProperty("cardea.project.version"));
        return ReleaseHistory.readFolder(REPOSITORY.resolve("release/history")).before(current)
                .orElseThrow(() -> new IllegalStateException("release/history/ holds no release before " + current));
    }

    /** The commit the release was built from, as build/cut-release recorded it beside its manifest. */
    private static String commit() {
        Path file = REPOSITORY.resolve("release/history/" + version() + ".json");
        try {
            var commit = new ObjectMapper().readTree(Files.readString(file)).path("commit");
            if (!commit.isString()) {
                throw new IllegalStateException(file + " names no commit: the mixed-version tests cannot build it");
            }
            return commit.asString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path build(String version, String commit) {
        Path home = CACHE.resolve(version);
        Path release = home.resolve("cardea-" + version);
        Path stamp = home.resolve("built-from");
        try {
            if (Files.isRegularFile(stamp) && Files.readString(stamp).strip().equals(commit)
                    && Files.isDirectory(release.resolve("lib"))) {
                return release;
            }
            deleteTree(home);
            Path source = Files.createDirectories(home.resolve("source"));
            // The commit's tree, as git has it: the release is rebuilt from what was released, not from the working tree.
            run(REPOSITORY, "bash", "-c", "git cat-file -e " + commit + "^{commit} 2>/dev/null || { echo 'commit "
                    + commit + " of release " + version + " is not in this clone (a shallow clone? git fetch --unshallow)'"
                    + " >&2; exit 1; }; git archive --format=tar " + commit + " | tar -x -C '" + source + "'");
            run(source, "./mvnw", "-B", "-q", "-DskipTests", "package", "-pl", "cardea-dist", "-am");
            run(source, "build/release-archive", version, home.toString());
            run(home, "sha256sum", "-c", "cardea-" + version + ".tar.gz.sha256");
            run(home, "tar", "-xzf", "cardea-" + version + ".tar.gz");
            deleteTree(source);
            Files.writeString(stamp, commit + "\n");
            return release;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void run(Path dir, String... command) throws IOException {
        var builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        // This build's Maven settings must not leak into the old release's own build.
        builder.environment().keySet().removeIf(k -> k.startsWith("MAVEN_"));
        // The JDK 25 these tests run on, first: the old release's build runs Java programs of its own.
        String jdk = Path.of(System.getProperty("java.home")).toString();
        builder.environment().put("JAVA_HOME", jdk);
        builder.environment().put("PATH", jdk + "/bin:" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        Path log = CACHE.resolve("build.log");
        Files.createDirectories(CACHE);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Process process = builder.start();
        try {
            if (!process.waitFor(BUILD_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " took over " + BUILD_MINUTES + " minutes");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (process.exitValue() != 0) {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            throw new IllegalStateException("building the previous release failed at `" + String.join(" ", command)
                    + "` (exit " + process.exitValue() + "):\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
