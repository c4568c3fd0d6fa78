package io.cardea.ops.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding a release folder's manifest when more than one of its jars carries one. */
class ManifestLocationTest {

    @TempDir
    Path release;

    @Test
    void theNewestManifestInTheFolderIsTheRelease() throws IOException {
        Path lib = Files.createDirectories(release.resolve("lib"));
        jar(lib.resolve("a-extra.jar"), manifest("0.2.0"));
        jar(lib.resolve("cardea-dist-0.1.0.jar"), manifest("0.1.0"));
        jar(lib.resolve("z-library.jar"), null);

        assertThat(ManifestLocation.read(release).version()).hasToString("0.2.0");
        // The processes of the release read the same, whatever the order of the jars on their class path.
        for (List<String> order : List.of(List.of("a-extra.jar", "cardea-dist-0.1.0.jar"),
                List.of("cardea-dist-0.1.0.jar", "z-library.jar", "a-extra.jar"))) {
            URL[] urls = order.stream().map(name -> url(lib.resolve(name))).toArray(URL[]::new);
            try (var loader = new URLClassLoader(urls, null)) {
                assertThat(ManifestLocation.running(loader).version()).as(order.toString()).hasToString("0.2.0");
            }
        }
    }

    @Test
    void aFolderWithoutAManifestIsRefusedWithWhereItLooked() throws IOException {
        Path lib = Files.createDirectories(release.resolve("lib"));
        jar(lib.resolve("z-library.jar"), null);

        assertThatThrownBy(() -> ManifestLocation.read(release))
                .isInstanceOf(ReleaseException.class).hasMessageContaining("holds no Cardea release")
                .hasMessageContaining(lib.toString());
    }

    private static String manifest(String version) {
        return ManifestJson.write(new ReleaseManifest(ReleaseVersion.parse(version, "test"), false, List.of(),
                new SchemaRange(0, 0), Optional.empty(), List.of(),
                List.of(new ChangelogEntry(version, "### Added\n- something\n"))));
    }

    private static URL url(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void jar(Path file, String manifest) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); var jar = new JarOutputStream(out)) {
            jar.putNextEntry(new JarEntry(manifest == null ? "io/example/Nothing.txt" : ReleaseManifest.RESOURCE));
            jar.write((manifest == null ? "nothing" : manifest).getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
    }
}
