package io.cardea.upgrade;

import io.cardea.ops.deploy.ReleaseFolder;
import io.cardea.ops.release.ReleaseBuild;
import io.cardea.ops.release.ReleaseManifest;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Release N (the distribution cardea-dist built) and release N+1, made from it here: the same jars
 * plus one of its own carrying a manifest for {@value #NEXT}, the expand migration V90 and the
 * contract migration V91, and the faults it can be told to show ({@code TestReleaseFaults}).
 */
final class TestRelease {

    static final String NEXT = "0.3.0";

    private TestRelease() {}

    /** The distribution cardea-dist built: release N. */
    static Path current() {
        Path dist = Path.of(System.getProperty("cardea.distribution", "../cardea-dist/target/cardea"));
        if (!Files.isDirectory(dist.resolve("lib"))) {
            throw new IllegalStateException(dist.toAbsolutePath() + "/lib is missing: build the distribution first "
                    + "(./mvnw -B -q install -DskipTests -pl cardea-dist -am)");
        }
        return dist;
    }

    /** Builds release N+1 in {@code work} and returns its folder. */
    static Path next(Path work) throws IOException {
        return build(work, NEXT, resource("test-release/db/migration"), "Identities know their email domain (test release).");
    }

    /**
     * Builds, in {@code work}, release N's code and schema as release {@code version}, with the test
     * release's faults: a build that can be told to change a format (for instance
     * {@code session-cookie-v2}) without shipping the reading side first.
     */
    static Path sameSchema(Path work, String version) throws IOException {
        return build(work, version, null, "Release N again, with the test release's faults.");
    }

    private static Path build(Path work, String version, Path testMigrations, String change) throws IOException {
        Path repository = work.resolve("repository-" + version);
        Path migrations = Files.createDirectories(repository.resolve("db/migration"));
        try (Stream<Path> shipped = Files.list(Path.of(System.getProperty("cardea.migrations")))) {
            for (Path sql : shipped.toList()) {
                Files.copy(sql, migrations.resolve(sql.getFileName()));
            }
        }
        List<Path> own = testMigrations == null ? List.of() : listed(testMigrations);
        for (Path sql : own) {
            Files.copy(sql, migrations.resolve(sql.getFileName()));
        }
        Files.writeString(repository.resolve("CHANGELOG.md"), "# Changelog\n\n## [" + version + "]\n### Added\n- "
                + change + "\n");
        Path manifest = repository.resolve("release.json");
        List<String> broken = ReleaseBuild.write(version, repository, migrations, manifest);
        if (!broken.isEmpty()) {
            throw new IllegalStateException("the test release breaks the release rules: " + broken);
        }

        Path release = work.resolve("cardea-" + version);
        Path lib = Files.createDirectories(release.resolve("lib"));
        try (Stream<Path> jars = Files.list(current().resolve("lib"))) {
            for (Path jar : jars.filter(j -> j.toString().endsWith(".jar")).toList()) {
                Files.copy(jar, lib.resolve(jar.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        // N's AOT cache serves N+1 too: its jars are N's, with the test release's after them (hence the
        // name), and so do N's JVM options, which the cache was made with.
        Path aot = current().resolve(ReleaseFolder.AOT_CACHE);
        if (Files.isRegularFile(aot)) {
            Files.copy(aot, release.resolve(ReleaseFolder.AOT_CACHE), StandardCopyOption.COPY_ATTRIBUTES);
        }
        Path jvmOptions = release.resolve(ReleaseFolder.JVM_OPTIONS);
        Files.copy(current().resolve(ReleaseFolder.JVM_OPTIONS), Files.createDirectories(jvmOptions.getParent())
                .resolve(jvmOptions.getFileName()));
        try (OutputStream file = Files.newOutputStream(lib.resolve("zz-cardea-test-release-" + version + ".jar"));
                var jar = new JarWriter(new JarOutputStream(file))) {
            jar.add(ReleaseManifest.RESOURCE, Files.readAllBytes(manifest));
            for (Path sql : own) {
                jar.add("db/migration/" + sql.getFileName(), Files.readAllBytes(sql));
            }
            String factories = "META-INF/spring.factories";
            jar.add(factories, Files.readAllBytes(resource("test-release/" + factories)));
            Path classes = resource("io/cardea/upgrade/testrelease");
            try (Stream<Path> compiled = Files.list(classes)) {
                for (Path c : compiled.toList()) {
                    jar.add("io/cardea/upgrade/testrelease/" + c.getFileName(), Files.readAllBytes(c));
                }
            }
        }
        return release;
    }

    private static List<Path> listed(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().toList();
        }
    }

    /** Writes files into a jar with an entry for each folder above them, as a built jar has: class loaders look folders up by them. */
    private record JarWriter(JarOutputStream jar, Set<String> folders) implements AutoCloseable {

        JarWriter(JarOutputStream jar) {
            this(jar, new HashSet<>());
        }

        void add(String name, byte[] content) throws IOException {
            for (int slash = name.indexOf('/'); slash > 0; slash = name.indexOf('/', slash + 1)) {
                if (folders.add(name.substring(0, slash + 1))) {
                    jar.putNextEntry(new JarEntry(name.substring(0, slash + 1)));
                    jar.closeEntry();
                }
            }
            jar.putNextEntry(new JarEntry(name));
            jar.write(content);
            jar.closeEntry();
        }

        @Override
        public void close() throws IOException {
            jar.close();
        }
    }

    private static Path resource(String name) {
        try {
            return Path.of(TestRelease.class.getClassLoader().getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
