package io.cardea.bench;

/** The few lines the benchmark prints when it is done; the files hold the rest. */
final class ConsoleSummary {

    private ConsoleSummary() {}

    static String render(BenchmarkResult r, String markdown, String json) {
        MigrationResult m = r.migration();
        StringBuilder out = new StringBuilder("\nMigration ").append(m.label()).append(": ")
                .append(Figures.seconds(m.total())).append(" s (");
        for (MigrationResult.StepTiming s : m.steps()) {
            out.append(s.number() > 1 ? ", " : "").append("step ").append(s.number()).append(' ').append(s.kind())
                    .append(' ').append(Figures.seconds(s.took())).append(" s");
        }
        out.append("); backfill ").append(Figures.count(m.backfillRows())).append(" rows at ")
                .append(Figures.rate(m.backfillRowsPerSecond())).append(" rows/s\n");
        for (PhaseStats p : r.phases()) {
            out.append(String.format("%-7s", p.phase().label())).append(Figures.count(p.requests()))
                    .append(" requests, ").append(Figures.count(p.errors())).append(" errors, ")
                    .append(Figures.rate(p.throughput())).append(" req/s, p50 ").append(Figures.ms(p.p50()))
                    .append(" ms, p99 ").append(Figures.ms(p.p99())).append(" ms, max ").append(Figures.ms(p.max()))
                    .append(" ms, longest wait on the migration's locks ").append(Figures.ms(p.migrationLockWait()))
                    .append(" ms\n");
        }
        return out.append("Target (").append(BenchmarkResult.TARGET).append("): ")
                .append(r.targetMet() ? "met" : "MISSED").append('\n')
                .append("Results: ").append(markdown).append(", ").append(json).append('\n').toString();
    }
}
