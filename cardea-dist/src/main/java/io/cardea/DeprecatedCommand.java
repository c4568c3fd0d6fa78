package io.cardea;

import io.cardea.migrate.registry.Deprecation;
import io.cardea.migrate.registry.RunningRelease;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/** One line on standard error when the command line runs a command the release deprecated; it still runs. */
final class DeprecatedCommand {

    private DeprecatedCommand() {}

    /** Warns when {@code args} run a command the release whose manifest {@code loader} finds has deprecated. */
    static void warn(ClassLoader loader, String[] args, PrintStream err) {
        List<Deprecation> deprecations;
        try {
            deprecations = RunningRelease.deprecations(loader);
        } catch (IllegalStateException e) {
            // A warning is not worth refusing the command over.
            err.println("cardea: could not read which commands are deprecated: " + e.getMessage());
            return;
        }
        for (Deprecation d : deprecations) {
            if (d.kind() == Deprecation.Kind.COMMAND && runs(args, d.what())) {
                err.println("cardea: warning: `" + d.what() + "` is deprecated since Cardea " + d.since() + ": use "
                        + d.replacement() + " instead. It still works in this release; a later minor release removes it.");
                err.flush();
                return;
            }
        }
    }

    /** Whether the command line's first words are the command's ({@code cardea keys old} runs with {@code keys old ...}). */
    private static boolean runs(String[] args, String command) {
        String[] words = command.strip().split("\\s+");
        int from = words.length > 0 && words[0].equals("cardea") ? 1 : 0;
        int count = words.length - from;
        return count > 0 && args.length >= count
                && Arrays.equals(Arrays.copyOfRange(words, from, words.length), Arrays.copyOfRange(args, 0, count));
    }
}
