package io.cardea.upgrade;

import static io.cardea.upgrade.UpgradeBenchmark.ms;

import io.cardea.testing.load.LoadReport;
import io.cardea.upgrade.UpgradeBenchmark.Run;
import io.cardea.upgrade.UpgradeBenchmark.Step;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The upgrade benchmark's results, as bench/results/upgrade.md and upgrade.json. */
record UpgradeReport(List<Run> runs, String command, int postgres, String loadBefore, String loadAfter, int watch) {

    private static final String[][] PHASES = {{"before", "before", "upgrade"}, {"during", "upgrade", "upgraded"},
        {"after", "upgraded", "end"}};

    String markdown() {
        var md = new StringBuilder();
        md.append("# Upgrade benchmark\n\n")
                .append("`cardea upgrade run` from release N (this build's distribution) to the test release N+1 (the same\n")
                .append("jars plus an expand migration V90: nullable column, batched backfill, concurrent index) under a\n")
                .append("steady mixed load through the gateway, once by blue-green and once rolling: what the users see.\n\n")
                .append("Written by `").append(command).append("`; overwritten by each run.\n\n");
        md.append("## Targets\n\n")
                .append("Zero failed requests; each gateway switch under 1 s; p99 latency during the upgrade at most 2× the p99 before it.\n\n")
                .append("| strategy | failed requests | slowest gateway switch | p99 during ≤ 2× before | upgrade |\n")
                .append("|---|---|---|---|---|\n");
        for (Run r : runs) {
            md.append("| ").append(r.strategy().name()).append(" | ").append(met(r.load().failures() == 0))
                    .append(" (").append(r.load().failures()).append(") | ").append(met(r.cutOverMet())).append(" (")
                    .append(fixed(r.maxSwitchMs())).append(" ms) | ").append(met(r.latencyMet())).append(" (")
                    .append(ms(r.p99("upgrade", "upgraded"))).append(" ms vs ").append(ms(r.p99("before", "upgrade")))
                    .append(" ms) | ").append(r.exitCode() == 0 ? "succeeded" : "FAILED, exit code " + r.exitCode())
                    .append(" |\n");
        }
        md.append("\n## Run\n\n| | |\n|---|---|\n")
                .append("| date | ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(" |\n")
                .append("| machine | ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs (nproc), ")
                .append(String.format(Locale.ROOT, "%.1f GiB", UpgradeReport.memoryBytes() / 1073741824.0)).append(" memory |\n")
                .append("| machine load before the run | ").append(loadBefore)
                .append(" (`uptime`'s 1/5/15-minute load averages: anything well above 0 means other work shared the cores) |\n")
                .append("| machine load after the run | ").append(loadAfter).append(" |\n")
                .append("| PostgreSQL | ").append(postgres).append(" (embedded, on the same machine, over loopback) |\n")
                .append("| Java | ").append(System.getProperty("java.vendor")).append(' ')
                .append(System.getProperty("java.runtime.version")).append(" |\n")
                .append("| deployment | `cardea deploy` with its gateway on 127.0.0.1; instances are processes of their own, "
                        + "with their release's JVM options (conf/jvm.options) and AOT cache, the new release's "
                        + "started at nice 10 until they serve; Argon2id t=1, m=1 MiB (the upgrade tests' setting, so that sign-ins leave the 2 "
                        + "cores to the servers) |\n")
                .append("| load | the upgrade tests' steady mixed load (`SteadyLoad`): 4 virtual users, 25 ms pause, to "
                        + "127.0.0.1 through the gateway; sign-ins, sessions, client_credentials tokens, introspection, "
                        + "userinfo, JWKS |\n")
                .append("| upgrade | `cardea upgrade run --to N+1 --strategy S --watch ").append(watch)
                .append("s` (backup and verify, expand, start, smoke and warm-up, cut-over, watch, finish; the watch "
                        + "window judges errors and p99 latency with its defaults) |\n\n");
        md.append("## Requests\n\n")
                .append("Latency of each request as the load saw it, by the second it began in. *before*: the load's ")
                .append("baseline, once the deployment has served it for the warm-up seconds; *during*: while `upgrade run` ran (start of the new instances, ")
                .append("smoke tests and warm-up, the switches, the watch window, draining); *at cut-over*: the seconds ")
                .append("around each gateway switch; *after*: once it was over. A phase's boundary seconds count in both phases.\n\n")
                .append("| strategy | instances | requests | failed | p99 before (ms) | p99 during (ms) | p99 at cut-over (ms) "
                        + "| p99 after (ms) | gateway switches (ms) | upgrade total (s) |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|---|---:|\n");
        for (Run r : runs) {
            md.append("| ").append(r.strategy().name()).append(" | ").append(r.strategy().instances()).append(" | ")
                    .append(r.load().requests()).append(" | ").append(r.load().failures()).append(" | ")
                    .append(ms(r.p99("before", "upgrade"))).append(" | ").append(ms(r.p99("upgrade", "upgraded")))
                    .append(" | ").append(ms(r.p99AtCutOver())).append(" | ").append(ms(r.p99("upgraded", "end")))
                    .append(" | ").append(r.switchesMs().stream().map(UpgradeReport::fixed).collect(Collectors.joining(", ")))
                    .append(" | ").append(fixed(r.upgradeSeconds())).append(" |\n");
        }
        for (Run r : runs) {
            md.append("\n## ").append(r.strategy().name()).append(": steps of `upgrade run`\n\n")
                    .append("As `upgrade run` printed them (and recorded them in the deployment ledger).\n\n")
                    .append("| step | outcome | seconds |\n|---|---|---:|\n");
            for (Step s : r.steps()) {
                md.append("| ").append(s.name()).append(" | ").append(s.outcome()).append(" | ").append(fixed(s.seconds()))
                        .append(" |\n");
            }
            md.append("\nRequests per phase: ");
            md.append(java.util.Arrays.stream(PHASES).map(p -> p[0] + " " + r.requests(p[1], p[2]))
                    .collect(Collectors.joining(", "))).append(".\n");
            if (!r.load().failureReasons().isEmpty()) {
                md.append("\nFailed requests:\n\n");
                for (LoadReport.Failure f : r.load().failureReasons().stream().limit(10).toList()) {
                    md.append("- ").append(f.count()).append(" × ").append(f.kind()).append(": ").append(f.reason())
                            .append('\n');
                }
            }
        }
        return md.toString();
    }

    String json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        json.put("command", command);
        json.put("machine", ordered("cpus", Runtime.getRuntime().availableProcessors(), "memoryBytes", memoryBytes(),
                "loadBefore", loadBefore, "loadAfter", loadAfter));
        json.put("postgresql", postgres);
        json.put("java", System.getProperty("java.vendor") + " " + System.getProperty("java.runtime.version"));
        json.put("targets", ordered("failedRequests", 0, "maxCutOverMs", UpgradeBenchmark.CUT_OVER_TARGET_MS,
                "maxP99DuringOverBefore", UpgradeBenchmark.P99_FACTOR_TARGET));
        json.put("runs", runs.stream().map(UpgradeReport::json).toList());
        return JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValueAsString(json) + "\n";
    }

    private static Map<String, Object> json(Run r) {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("strategy", r.strategy().name());
        run.put("instances", r.strategy().instances());
        run.put("exitCode", r.exitCode());
        run.put("requests", r.load().requests());
        run.put("failed", r.load().failures());
        run.put("gatewaySwitchesMs", r.switchesMs());
        Map<String, Object> p99 = new LinkedHashMap<>();
        p99.put("before", millis(r.p99("before", "upgrade")));
        p99.put("during", millis(r.p99("upgrade", "upgraded")));
        p99.put("atCutOver", millis(r.p99AtCutOver()));
        p99.put("after", millis(r.p99("upgraded", "end")));
        run.put("p99Ms", p99);
        run.put("upgradeSeconds", Math.round(r.upgradeSeconds() * 10) / 10.0);
        run.put("targetsMet", ordered("failedRequests", r.load().failures() == 0, "cutOver", r.cutOverMet(),
                "p99", r.latencyMet()));
        run.put("steps", r.steps().stream().map(s -> ordered("name", s.name(), "outcome", s.outcome(), "seconds",
                s.seconds())).toList());
        run.put("failureReasons", r.load().failureReasons().stream().limit(10).map(f -> ordered("kind",
                f.kind().toString(), "reason", f.reason(), "count", f.count())).toList());
        return run;
    }

    private static String met(boolean met) {
        return met ? "met" : "**missed**";
    }

    private static String fixed(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    /** A JSON object whose keys keep the order given: key, value, key, value... */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> object = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            object.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return object;
    }

    private static Double millis(Optional<Duration> d) {
        return d.map(x -> Math.round(x.toNanos() / 1e5) / 10.0).orElse(null);
    }

    static long memoryBytes() {
        try {
            return java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/meminfo")).stream()
                    .filter(l -> l.startsWith("MemTotal:")).mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")) * 1024)
                    .findFirst().orElse(0);
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}
