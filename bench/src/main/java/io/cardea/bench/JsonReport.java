package io.cardea.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;

/** {@code bench/results/migration.json}: the figures of the Markdown report, for tools. Times in ms unless named. */
final class JsonReport {

    private JsonReport() {}

    static String render(BenchmarkResult r) {
        Environment env = r.environment();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("date", env.date().toString());
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cpus", env.cpus());
        machine.put("memoryBytes", env.memoryBytes());
        out.put("machine", machine);
        out.put("postgresql", env.postgresVersion());
        out.put("postgresqlSettings", env.postgresSettings());
        out.put("java", env.javaVersion());
        out.put("rows", r.options().rows());
        out.put("clients", r.options().clients());
        out.put("writePercent", AccountClient.WRITE_PERCENT);
        out.put("command", "bench/run-migration-bench " + r.options().commandLine());
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("description", BenchmarkResult.TARGET);
        target.put("maxMigrationLockWaitMs", BenchmarkResult.MAX_BLOCKED.toMillis());
        target.put("migrationLockWaitSampleMs", MigrationLockWatch.PERIOD_MS);
        target.put("met", r.targetMet());
        out.put("target", target);
        out.put("migration", migration(r));
        Map<String, Object> phases = new LinkedHashMap<>();
        for (PhaseStats p : r.phases()) {
            phases.put(p.phase().label(), phase(p));
        }
        out.put("phases", phases);
        try {
            return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(out) + "\n";
        } catch (JacksonException e) {
            throw new IllegalStateException("benchmark figures have no JSON form", e);
        }
    }

    private static Map<String, Object> migration(BenchmarkResult r) {
        MigrationResult m = r.migration();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", m.label());
        out.put("totalMs", m.total().toMillis());
        List<Map<String, Object>> steps = m.steps().stream().map(s -> {
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("step", s.number());
            step.put("kind", s.kind());
            step.put("sql", s.sql());
            step.put("durationMs", s.took().toMillis());
            step.put("lockRetries", s.lockRetries());
            return step;
        }).toList();
        out.put("steps", steps);
        out.put("backfillRows", m.backfillRows());
        out.put("backfillRowsPerSecond", round(m.backfillRowsPerSecond(), 0));
        out.put("slowestRequestStep", r.slowestRequestStep().map(MigrationResult.StepTiming::number).orElse(null));
        return out;
    }

    private static Map<String, Object> phase(PhaseStats p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("seconds", round(p.seconds(), 3));
        out.put("requests", p.requests());
        out.put("errors", p.errors());
        out.put("throughputPerSecond", round(p.throughput(), 1));
        out.put("p50Ms", round(PhaseStats.millis(p.p50()), 3));
        out.put("p99Ms", round(PhaseStats.millis(p.p99()), 3));
        out.put("maxMs", round(PhaseStats.millis(p.max()), 3));
        out.put("slowestStartedAtSeconds", round(p.slowestOffsetSeconds(), 3));
        out.put("longestMigrationLockWaitMs", round(PhaseStats.millis(p.migrationLockWait()), 3));
        out.put("errorKinds", p.errorKinds());
        return out;
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
