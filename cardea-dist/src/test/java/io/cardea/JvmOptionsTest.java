package io.cardea;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The release's JVM options come from its conf/jvm.options, which bin/cardea passes to java. */
class JvmOptionsTest {

    private static final Path REPOSITORY = Path.of("..");
    private static final Path RELEASE_OPTIONS = REPOSITORY.resolve("cardea-dist/src/main/dist/conf/jvm.options");

    @Test
    void binCardeaRunsJavaWithTheOptionsOfTheReleasesFile(@TempDir Path release) throws Exception {
        // An installed distribution: bin/ beside lib/ and conf/. Its lib/ is empty: -XshowSettings:vm
        // prints the heap the JVM was given before the JVM looks for Cardea's main class.
        for (String script : List.of("cardea", "jdk25")) {
            Files.copy(REPOSITORY.resolve("bin").resolve(script),
                    Files.createDirectories(release.resolve("bin")).resolve(script), StandardCopyOption.COPY_ATTRIBUTES);
        }
        Files.createDirectories(release.resolve("lib"));
        Files.writeString(Files.createDirectories(release.resolve("conf")).resolve("jvm.options"),
                "# a release's own options\n-XX:+UseSerialGC\n-Xmx77m  # its heap\n\n-XshowSettings:vm\n");

        assertThat(run(Map.of(), release.resolve("bin/cardea").toString(), "--version"))
                .contains("Max. Heap Size: 77.00M");
        assertThat(run(Map.of("CARDEA_JAVA_OPTS", "-Xmx66m"), release.resolve("bin/cardea").toString(), "--version"))
                .as("CARDEA_JAVA_OPTS after the file's").contains("Max. Heap Size: 66.00M");
    }

    @Test
    void theDistributionsOptionsAreOnesTheJvmAccepts() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();

        assertThat(Files.readString(RELEASE_OPTIONS)).containsPattern("(?m)^-XX:\\+UseSerialGC$")
                .containsPattern("(?m)^-Xmx\\d+m$");
        assertThat(run(Map.of(), java, "@" + RELEASE_OPTIONS, "-XshowSettings:vm", "-version"))
                .contains("Max. Heap Size: 128.00M").doesNotContain("Unrecognized", "Error");
    }

    /** What the process prints, once it has exited. */
    private static String run(Map<String, String> environment, String... command) throws IOException, InterruptedException {
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return output;
    }
}
