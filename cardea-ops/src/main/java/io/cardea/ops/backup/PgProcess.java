package io.cardea.ops.backup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs PostgreSQL's client tools: one, or a pipeline of them, each connected through the
 * environment, with what they print on stderr kept for the error message.
 */
final class PgProcess {

    private PgProcess() {}

    /**
     * Runs {@code commands} as a pipeline (each one's stdout into the next one's stdin), calling
     * {@code whileRunning} about five times a second until all have exited; throws saying what
     * {@code doing} failed, with the tools' own words, if any exits non-zero.
     */
    @SafeVarargs
    static void run(String doing, Map<String, String> environment, Runnable whileRunning, List<String>... commands) {
        List<Path> errors = new ArrayList<>();
        try {
            List<ProcessBuilder> builders = new ArrayList<>();
            for (List<String> command : commands) {
                Path error = Files.createTempFile("cardea-pg-tool", ".err");
                errors.add(error);
                var builder = new ProcessBuilder(command).redirectError(error.toFile());
                builder.environment().putAll(environment);
                builders.add(builder);
            }
            builders.getLast().redirectOutput(ProcessBuilder.Redirect.DISCARD);
            List<Process> processes = ProcessBuilder.startPipeline(builders);
            for (Process p : processes) {
                while (!p.waitFor(200, TimeUnit.MILLISECONDS)) {
                    whileRunning.run();
                }
            }
            for (int i = 0; i < processes.size(); i++) {
                if (processes.get(i).exitValue() != 0) {
                    String said = Files.readString(errors.get(i), StandardCharsets.UTF_8).strip();
                    throw new BackupException(doing + " failed: " + Path.of(commands[i].getFirst()).getFileName()
                            + " exited with " + processes.get(i).exitValue() + (said.isEmpty() ? "" : ":\n" + said));
                }
            }
        } catch (IOException e) {
            throw new BackupException(doing + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackupException(doing + " was interrupted", e);
        } finally {
            errors.forEach(PgProcess::deleteQuietly);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A leftover temporary file of the tools' messages is harmless.
        }
    }
}
