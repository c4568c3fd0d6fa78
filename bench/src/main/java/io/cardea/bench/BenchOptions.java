package io.cardea.bench;

import java.time.Duration;

/**
 * The command line of {@code bench/run-migration-bench}.
 *
 * @param rows rows in the table the migration changes
 * @param clients concurrent clients, each with its own connection
 * @param baseline how long the load runs before the migration starts
 * @param after how long the load runs after the migration has finished
 */
record BenchOptions(long rows, int clients, Duration baseline, Duration after) {

    static final String USAGE = "usage: run-migration-bench [--rows N] [--clients N] [--baseline-seconds N] "
            + "[--after-seconds N]";

    static final BenchOptions DEFAULTS = new BenchOptions(1_000_000, 8, Duration.ofSeconds(15), Duration.ofSeconds(5));

    static BenchOptions parse(String[] args) {
        BenchOptions options = DEFAULTS;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 == args.length) {
                throw new IllegalArgumentException(flag + " needs a value\n" + USAGE);
            }
            long value = positive(flag, args[++i]);
            options = switch (flag) {
                case "--rows" -> new BenchOptions(value, options.clients, options.baseline, options.after);
                case "--clients" -> new BenchOptions(options.rows, Math.toIntExact(value), options.baseline,
                        options.after);
                case "--baseline-seconds" -> new BenchOptions(options.rows, options.clients, Duration.ofSeconds(value),
                        options.after);
                case "--after-seconds" -> new BenchOptions(options.rows, options.clients, options.baseline,
                        Duration.ofSeconds(value));
                default -> throw new IllegalArgumentException("unknown option " + flag + "\n" + USAGE);
            };
        }
        return options;
    }

    private static long positive(String flag, String text) {
        try {
            long value = Long.parseLong(text);
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(flag + " takes a positive whole number, not '" + text + "'\n" + USAGE);
    }

    /** The flags that reproduce this run. */
    String commandLine() {
        return "--rows " + rows + " --clients " + clients + " --baseline-seconds " + baseline.toSeconds()
                + " --after-seconds " + after.toSeconds();
    }
}
