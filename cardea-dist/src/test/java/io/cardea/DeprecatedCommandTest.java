package io.cardea;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardea.migrate.registry.RunningRelease;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A command the release deprecates still runs, after one warning line on standard error. */
class DeprecatedCommandTest {

    /** A release newer than the build's, so that its manifest is the one the command reads. */
    private static final String MANIFEST = """
            {"format": 1, "version": "99.0.0", "deprecations": [
              {"kind": "command", "what": "cardea upgrade history", "since": "99.0.0",
               "replacement": "cardea upgrade ledger", "deprecatedOn": "2026-03-02", "sunset": null, "link": null}
            ]}
            """;

    @TempDir
    Path classes;

    @Test
    void aDeprecatedCommandWarnsOnceAndStillRuns() throws IOException {
        CommandLineRun run = withRelease(MANIFEST, "upgrade", "history", "--help");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("Usage: cardea upgrade history");
        assertThat(run.err().lines().toList()).containsExactly("cardea: warning: `cardea upgrade history` is deprecated "
                + "since Cardea 99.0.0: use cardea upgrade ledger instead. It still works in this release; a later minor "
                + "release removes it.");
    }

    @Test
    void otherCommandsAndAReleaseWithoutDeprecationsDoNotWarn() throws IOException {
        CommandLineRun other = withRelease(MANIFEST, "upgrade", "plan", "--help");
        CommandLineRun shorter = withRelease(MANIFEST, "upgrade", "--help");
        CommandLineRun none = CommandLineRun.of("upgrade", "history", "--help");

        assertThat(other.err()).isEmpty();
        assertThat(shorter.err()).isEmpty();
        assertThat(none.exitCode()).isZero();
        assertThat(none.err()).isEmpty();
    }

    private CommandLineRun withRelease(String manifest, String... args) throws IOException {
        Path file = classes.resolve(RunningRelease.MANIFEST);
        Files.createDirectories(file.getParent());
        Files.writeString(file, manifest);
        Thread thread = Thread.currentThread();
        ClassLoader original = thread.getContextClassLoader();
        try (var release = new URLClassLoader(new URL[] {classes.toUri().toURL()}, original)) {
            thread.setContextClassLoader(release);
            return CommandLineRun.of(args);
        } finally {
            thread.setContextClassLoader(original);
        }
    }
}
