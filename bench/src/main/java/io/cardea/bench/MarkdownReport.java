package io.cardea.bench;

import java.util.Map;

/** {@code bench/results/migration.md}: the run for a reader, verdict first. */
final class MarkdownReport {

    private MarkdownReport() {}

    static String render(BenchmarkResult r) {
        StringBuilder out = new StringBuilder();
        out.append("# Migration benchmark\n\n")
                .append("An expand migration applied through `Migrator.up()`, with the default settings, while ")
                .append(r.options().clients()).append(" clients keep reading and writing the table it changes: ")
                .append("what the users of a live Cardea see during an upgrade.\n\n")
                .append("Written by `bench/run-migration-bench`; overwritten by each run.\n\n");
        target(r, out);
        run(r, out);
        migration(r.migration(), out);
        requests(r, out);
        errors(r, out);
        return out.toString();
    }

    private static void target(BenchmarkResult r, StringBuilder out) {
        PhaseStats during = r.phase(Phase.DURING);
        out.append("## Target\n\n")
                .append("Target: ").append(BenchmarkResult.TARGET).append(" (no error in any phase, and no ")
                .append("request waiting ").append(BenchmarkResult.MAX_BLOCKED.toMillis())
                .append(" ms or more on a lock the migration held, as PostgreSQL shows every ")
                .append(MigrationLockWatch.PERIOD_MS).append(" ms).\n\n")
                .append("**").append(r.targetMet() ? "Met" : "Missed").append("**: ")
                .append(Figures.count(r.errors())).append(" errors; longest wait on the migration's locks ")
                .append(Figures.ms(r.longestMigrationLockWait())).append(" ms. Slowest request during the migration ")
                .append(Figures.ms(during.max())).append(" ms");
        r.slowestRequestStep().ifPresent(s -> out.append(", started during step ").append(s.number()).append(" (")
                .append(s.kind()).append(")"));
        out.append("; before it, the slowest took ").append(Figures.ms(r.phase(Phase.BEFORE).max()))
                .append(" ms.\n\n");
    }

    private static void run(BenchmarkResult r, StringBuilder out) {
        Environment env = r.environment();
        out.append("## Run\n\n| | |\n|---|---|\n")
                .append("| date | ").append(env.date()).append(" |\n")
                .append("| machine | ").append(env.cpus()).append(" CPUs (nproc), ").append(Figures.gib(env.memoryGiB()))
                .append(" GiB memory |\n")
                .append("| PostgreSQL | ").append(env.postgresVersion())
                .append(" (embedded, on the same machine, over loopback; ").append(env.postgresSettings()).append(") |\n")
                .append("| Java | ").append(env.javaVersion()).append(" |\n")
                .append("| table | `").append(AccountTable.NAME).append("`, ").append(Figures.count(r.options().rows()))
                .append(" rows |\n")
                .append("| load | ").append(r.options().clients()).append(" clients, one connection each, ")
                .append(100 - AccountClient.WRITE_PERCENT).append(" % point reads / ")
                .append(AccountClient.WRITE_PERCENT).append(" % point writes on random ids, no think time |\n")
                .append("| command | `bench/run-migration-bench ").append(r.options().commandLine()).append("` |\n\n");
    }

    private static void migration(MigrationResult m, StringBuilder out) {
        out.append("## Migration ").append(m.label()).append("\n\n")
                .append("Total ").append(Figures.seconds(m.total())).append(" s. Backfill: ")
                .append(Figures.count(m.backfillRows())).append(" rows at ")
                .append(Figures.rate(m.backfillRowsPerSecond())).append(" rows/s.\n\n")
                .append("| step | kind | duration (s) | lock retries | statement |\n|---:|---|---:|---:|---|\n");
        for (MigrationResult.StepTiming s : m.steps()) {
            out.append("| ").append(s.number()).append(" | ").append(s.kind()).append(" | ")
                    .append(Figures.seconds(s.took())).append(" | ").append(s.lockRetries()).append(" | `")
                    .append(s.sql()).append("` |\n");
        }
        out.append('\n');
    }

    private static void requests(BenchmarkResult r, StringBuilder out) {
        out.append("## Requests\n\n")
                .append("Latency of each request as its client saw it, counted in the phase it started in. ")
                .append("The load's first seconds (warm-up) are not counted.\n\n")
                .append("| phase | duration (s) | requests | errors | throughput (req/s) | p50 (ms) | p99 (ms) "
                        + "| max (ms) | slowest started (s into phase) | longest wait on the migration's locks (ms) |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (PhaseStats p : r.phases()) {
            out.append("| ").append(p.phase().label()).append(" | ").append(Figures.seconds(p.seconds()))
                    .append(" | ").append(Figures.count(p.requests())).append(" | ").append(Figures.count(p.errors()))
                    .append(" | ").append(Figures.rate(p.throughput())).append(" | ").append(Figures.ms(p.p50()))
                    .append(" | ").append(Figures.ms(p.p99())).append(" | ").append(Figures.ms(p.max()))
                    .append(" | ").append(Figures.seconds(p.slowestOffsetSeconds()))
                    .append(" | ").append(Figures.ms(p.migrationLockWait())).append(" |\n");
        }
    }

    private static void errors(BenchmarkResult r, StringBuilder out) {
        if (r.errors() == 0) {
            return;
        }
        out.append("\n## Errors\n\n| phase | count | error |\n|---|---:|---|\n");
        for (PhaseStats p : r.phases()) {
            for (Map.Entry<String, Long> e : p.errorKinds().entrySet()) {
                out.append("| ").append(p.phase().label()).append(" | ").append(Figures.count(e.getValue()))
                        .append(" | ").append(e.getKey().replace("|", "\\|")).append(" |\n");
            }
        }
    }
}
