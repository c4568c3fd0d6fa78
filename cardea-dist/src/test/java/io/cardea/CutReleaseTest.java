package io.cardea;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * build/cut-release refuses, changing nothing, whatever would make a wrong release: it is run on a
 * clone of this repository, and every refusal comes before the build, so no test here builds.
 */
class CutReleaseTest {

    private static final String PROJECT = System.getProperty("cardea.project.version");

    @TempDir
    Path clone;

    private String headBefore;

    @BeforeEach
    void cloneTheRepository() throws Exception {
        run(Path.of(".."), "git", "clone", "-q", "--no-hardlinks", Path.of("..").toAbsolutePath().normalize().toString(),
                clone.toString());
        // The clone is of the last commit; this checkout's working tree may be ahead of it.
        Files.copy(Path.of("../build/cut-release"), clone.resolve("build/cut-release"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        run(clone, "git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "the script under test",
                "--allow-empty");
        headBefore = run(clone, "git", "rev-parse", "HEAD").out();
    }

    @Test
    void aVersionOtherThanTheOneMainIsHeadingForIsRefused() throws Exception {
        Result cut = run(clone, "build/cut-release", "9.0.0");

        assertThat(cut.code()).isEqualTo(1);
        assertThat(cut.out()).contains("main is at " + PROJECT + "; cutting 9.0.0 needs 9.0.0-SNAPSHOT");
        unchanged();
    }

    @Test
    void aTreeWithChangesIsRefused() throws Exception {
        Files.writeString(clone.resolve("README.md"), "edited\n", java.nio.file.StandardOpenOption.APPEND);

        Result cut = run(clone, "build/cut-release", PROJECT.replace("-SNAPSHOT", ""));

        assertThat(cut.code()).isEqualTo(1);
        assertThat(cut.out()).contains("the working tree is not clean");
        assertThat(run(clone, "git", "rev-parse", "HEAD").out()).isEqualTo(headBefore);
    }

    @Test
    void aReleaseWithoutAnyChangeInTheChangelogIsRefused() throws Exception {
        Path changelog = clone.resolve("CHANGELOG.md");
        String text = Files.readString(changelog);
        int unreleased = text.indexOf("## [Unreleased]");
        int next = text.indexOf("\n## [", unreleased + 1);
        Files.writeString(changelog, text.substring(0, unreleased) + "## [Unreleased]\n" + text.substring(next));
        run(clone, "git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "nothing unreleased");
        headBefore = run(clone, "git", "rev-parse", "HEAD").out();

        Result cut = run(clone, "build/cut-release", PROJECT.replace("-SNAPSHOT", ""));

        assertThat(cut.code()).isEqualTo(1);
        assertThat(cut.out()).contains("[Unreleased] section lists no change");
        unchanged();
    }

    @Test
    void aReleasedVersionIsRefused() throws Exception {
        Result cut = run(clone, "build/cut-release", "0.1.0");

        assertThat(cut.code()).isEqualTo(1);
        assertThat(cut.out()).contains("cutting 0.1.0 needs 0.1.0-SNAPSHOT");
        Result bad = run(clone, "build/cut-release", "0.2");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.out()).contains("'0.2' is not MAJOR.MINOR.PATCH");
        unchanged();
    }

    /** No commit, no tag, no edit. */
    private void unchanged() throws Exception {
        assertThat(run(clone, "git", "rev-parse", "HEAD").out()).isEqualTo(headBefore);
        assertThat(run(clone, "git", "status", "--porcelain").out()).isEmpty();
        assertThat(run(clone, "git", "tag", "--list", "v9.0.0").out()).isEmpty();
    }

    private record Result(int code, String out) {}

    private static Result run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        return new Result(p.exitValue(), out);
    }
}
