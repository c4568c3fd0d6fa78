package io.cardea.upgrade;

import io.cardea.testing.TestDatabase;
import io.cardea.testing.TestPostgres;
import io.cardea.testing.load.LoadReport;
import io.cardea.testing.load.SteadyLoad;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bench/run-upgrade-bench}: release N upgraded to the test release N+1 by {@code cardea upgrade
 * run} under the upgrade tests' steady mixed load through the gateway, once by blue-green (2
 * instances) and once rolling (3 instances), on the upgrade tests' own deployment fixture. Writes
 * what the load saw before, during and after each upgrade, and how long each gateway switch took,
 * to {@code bench/results/upgrade.md} and {@code upgrade.json}.
 *
 * <p>Exits non-zero when a run fails (the upgrade does not succeed, or the fixture cannot start); a
 * missed target is reported in the results.
 */
final class UpgradeBenchmark {

    static final double CUT_OVER_TARGET_MS = 1000;
    static final double P99_FACTOR_TARGET = 2;
    private static final Pattern SWITCH = Pattern.compile("gateway switched in ([0-9.]+) ms");
    private static final Pattern STEP = Pattern.compile("^\\[(\\d+)] ([^:]+):");
    private static final Pattern STEP_END = Pattern.compile("^ {4}(ok|failed|skipped) \\(([0-9.]+) s\\)");

    record Strategy(String name, int instances) {}

    record Step(String name, String outcome, double seconds) {}

    /** One strategy's run: the command's exit code and printed steps, and what the load saw. */
    record Run(Strategy strategy, int exitCode, double upgradeSeconds, List<Step> steps, List<Double> switchesMs,
            LoadReport load) {

        Optional<Duration> p99(String from, String to) {
            return load.latency(99, load.mark(from), load.mark(to));
        }

        /** The requests that began in the seconds around each gateway switch (the second before to the one after). */
        Optional<Duration> p99AtCutOver() {
            List<Instant> switches = load.marks().stream().filter(m -> m.phase().equals("cut-over"))
                    .map(LoadReport.Mark::at).toList();
            long[] all = load.seconds().stream().filter(s -> switches.stream().anyMatch(at ->
                    s.start().plusSeconds(2).isAfter(at) && s.start().isBefore(at.plusSeconds(1))))
                    .flatMapToLong(s -> Arrays.stream(s.latenciesMicros())).sorted().toArray();
            return all.length == 0 ? Optional.empty()
                    : Optional.of(Duration.ofNanos(all[Math.max(0, (int) Math.ceil(0.99 * all.length) - 1)] * 1000));
        }

        long requests(String from, String to) {
            Instant a = load.mark(from);
            Instant b = load.mark(to);
            return load.seconds().stream().filter(s -> !s.start().isBefore(a.truncatedTo(ChronoUnit.SECONDS))
                    && s.start().isBefore(b)).mapToLong(LoadReport.Second::requests).sum();
        }

        double maxSwitchMs() {
            return switchesMs.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        }

        boolean cutOverMet() {
            return !switchesMs.isEmpty() && maxSwitchMs() < CUT_OVER_TARGET_MS;
        }

        boolean latencyMet() {
            return p99("before", "upgrade").flatMap(before -> p99("upgrade", "upgraded")
                    .map(during -> during.toNanos() <= P99_FACTOR_TARGET * before.toNanos())).orElse(false);
        }
    }

    private UpgradeBenchmark() {}

    public static void main(String[] args) throws Exception {
        int warmUp = 30;
        int baseline = 20;
        int after = 10;
        int watch = 5;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--warm-up-seconds" -> warmUp = Integer.parseInt(args[++i]);
                case "--baseline-seconds" -> baseline = Integer.parseInt(args[++i]);
                case "--after-seconds" -> after = Integer.parseInt(args[++i]);
                case "--watch-seconds" -> watch = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("unknown option " + args[i] + " (see bench/run-upgrade-bench --help)");
                    System.exit(2);
                }
            }
        }
        String loadBefore = loadAverages();
        Path work = Path.of("bench/work/upgrade");
        var cutOvers = new CutOverMarks(System.out);
        System.setOut(new PrintStream(cutOvers, true, StandardCharsets.UTF_8));
        List<Run> runs = new ArrayList<>();
        int postgres = 0;
        for (Strategy strategy : List.of(new Strategy("blue-green", 2), new Strategy("rolling", 3))) {
            TestDatabase db = TestPostgres.createDatabase("upgrade_bench_" + strategy.name());
            postgres = db.serverMajorVersion();
            runs.add(run(strategy, db, Files.createDirectories(work.resolve(strategy.name())), warmUp, baseline, after,
                    watch, cutOvers));
        }
        String command = "bench/run-upgrade-bench --warm-up-seconds " + warmUp + " --baseline-seconds " + baseline + " --after-seconds " + after
                + " --watch-seconds " + watch;
        var report = new UpgradeReport(runs, command, postgres, loadBefore, loadAverages(), watch);
        Files.writeString(Path.of("bench/results/upgrade.md"), report.markdown());
        Files.writeString(Path.of("bench/results/upgrade.json"), report.json());
        System.err.println("Results: bench/results/upgrade.md, bench/results/upgrade.json");
        System.exit(runs.stream().allMatch(r -> r.exitCode() == 0) ? 0 : 1);
    }

    private static Run run(Strategy strategy, TestDatabase db, Path work, int warmUp, int baseline, int after,
            int watch, CutOverMarks cutOvers) throws Exception {
        Path next = TestRelease.next(work);
        try (var deployment = UpgradeDeployment.start(db, work, strategy.instances())) {
            SteadyLoad load = new SteadyLoad(deployment.loadSettings()).start();
            Cli cli;
            long took;
            try {
                // The first requests of fresh JVMs are no baseline: "before" is the deployment as it serves day to day.
                Thread.sleep(warmUp * 1000L);
                load.mark("before");
                Thread.sleep(baseline * 1000L);
                cutOvers.load = load;
                load.mark("upgrade");
                long began = System.nanoTime();
                cli = deployment.upgrade("--to", next.toString(), "--strategy", strategy.name(), "--watch",
                        watch + "s");
                took = System.nanoTime() - began;
                load.mark("upgraded");
                cutOvers.load = null;
                Thread.sleep(after * 1000L);
                load.mark("end");
            } finally {
                cutOvers.load = null;
            }
            LoadReport report = load.stop();
            return new Run(strategy, cli.exitCode(), took / 1e9, steps(cli.out()), switches(cli.out()), report);
        }
    }

    /** Each step {@code upgrade run} printed, with the time it printed when the step ended. */
    static List<Step> steps(String out) {
        List<Step> steps = new ArrayList<>();
        String name = null;
        for (String line : out.split("\n")) {
            Matcher begins = STEP.matcher(line);
            Matcher ends = STEP_END.matcher(line);
            if (begins.find()) {
                name = begins.group(2);
            } else if (ends.find() && name != null) {
                steps.add(new Step(name, ends.group(1), Double.parseDouble(ends.group(2))));
                name = null;
            }
        }
        return steps;
    }

    static List<Double> switches(String out) {
        List<Double> ms = new ArrayList<>();
        Matcher m = SWITCH.matcher(out);
        while (m.find()) {
            ms.add(Double.parseDouble(m.group(1)));
        }
        return ms;
    }

    private static String loadAverages() throws IOException {
        String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return parts[0] + " " + parts[1] + " " + parts[2];
    }

    /** Passes the output on, and marks the load each time {@code upgrade run} prints that the gateway switched. */
    private static final class CutOverMarks extends OutputStream {
        private final OutputStream passed;
        private final StringBuilder line = new StringBuilder();
        volatile SteadyLoad load;

        CutOverMarks(OutputStream passed) {
            this.passed = passed;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            passed.write(b);
            if (b == '\n') {
                SteadyLoad marked = load;
                if (marked != null && SWITCH.matcher(line).find()) {
                    marked.mark("cut-over");
                }
                line.setLength(0);
            } else {
                line.append((char) b);
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            for (int i = off; i < off + len; i++) {
                write(b[i]);
            }
        }

        @Override
        public void flush() throws IOException {
            passed.flush();
        }
    }

    static String ms(Optional<Duration> d) {
        return d.map(x -> String.format(Locale.ROOT, "%.1f", x.toNanos() / 1e6)).orElse("-");
    }
}
