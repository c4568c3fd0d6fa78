package io.cardea.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** What an operator downloads, made by build/release-archive from the distribution this build made. */
class ReleaseArchiveTest {

    private static final Path REPOSITORY = Path.of(System.getProperty("cardea.repository", ".."));
    private static final String VERSION = System.getProperty("cardea.project.version");

    @Test
    void theArchiveUnpacksToARunnableReleaseWithItsChecksumAndSbom(@TempDir Path out) throws Exception {
        assertThat(run(REPOSITORY, REPOSITORY.resolve("build/release-archive").toString(), VERSION, out.toString()))
                .contains("cardea-" + VERSION + ".tar.gz");

        String archive = "cardea-" + VERSION + ".tar.gz";
        assertThat(run(out, "sha256sum", "-c", archive + ".sha256")).contains(archive + ": OK");
        run(out, "tar", "-xzf", archive);
        Path release = out.resolve("cardea-" + VERSION);
        assertThat(release.resolve("bin/cardea")).isExecutable();
        assertThat(release.resolve("conf/jvm.options")).isRegularFile();
        assertThat(run(release, "bin/cardea", "--version").strip())
                .isEqualTo("cardea " + VERSION.replace("-SNAPSHOT", "") + " (development build)");

        List<String> jars;
        try (Stream<Path> lib = Files.list(release.resolve("lib"))) {
            jars = lib.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertThat(jars).allMatch(j -> j.endsWith(".jar")).contains("cardea-dist-" + VERSION + ".jar");
        JsonNode sbom = new ObjectMapper().readTree(out.resolve("cardea-" + VERSION + ".cdx.json").toFile());
        assertThat(sbom.path("bomFormat").asString()).isEqualTo("CycloneDX");
        assertThat(sbom.path("metadata").path("component").path("version").asString()).isEqualTo(VERSION);
        List<String> components = sbom.path("components").valueStream()
                .map(c -> c.path("name").asString() + "-" + c.path("version").asString() + ".jar").sorted().toList();
        assertThat(components).as("every jar the release ships, and nothing else, is in its SBOM")
                .containsExactlyInAnyOrderElementsOf(jars.stream().filter(j -> !j.startsWith("cardea-dist-")).toList());
    }

    @Test
    void anArchiveOfAnotherVersionThanTheBuiltOneIsRefused(@TempDir Path out) throws Exception {
        var process = new ProcessBuilder(REPOSITORY.resolve("build/release-archive").toString(), "9.9.9", out.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).isEqualTo(1);
        assertThat(output).contains("no cardea-dist-9.9.9.jar");
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files).isEmpty();
        }
    }

    private static String run(Path dir, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
        return output;
    }
}
