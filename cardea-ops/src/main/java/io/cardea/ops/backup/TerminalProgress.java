package io.cardea.ops.backup;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongConsumer;

/** Bytes written so far, redrawn in place on one line, when the command runs on a terminal. */
final class TerminalProgress implements LongConsumer {

    private final PrintStream out;
    private final boolean terminal;
    private boolean drawn;

    TerminalProgress(PrintStream out) {
        var console = System.console();
        this.out = out;
        this.terminal = console != null && console.isTerminal();
    }

    @Override
    public void accept(long bytes) {
        if (terminal) {
            out.print("\r  " + size(bytes) + " written   ");
            out.flush();
            drawn = true;
        }
    }

    /** Ends the progress line, if one was drawn. */
    void done() {
        if (drawn) {
            out.println();
        }
    }

    static String size(long bytes) {
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }
}
