package io.cardea.bench;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Everything one run measured, and whether it met the target. */
record BenchmarkResult(Environment environment, BenchOptions options, MigrationResult migration,
        List<PhaseStats> phases) {

    /** A request held up longer than this by the migration is, to its user, an outage. */
    static final Duration MAX_BLOCKED = Duration.ofSeconds(2);

    static final String TARGET = "zero errors and no request blocked longer than " + MAX_BLOCKED.toSeconds()
            + " s by the migration";

    PhaseStats phase(Phase phase) {
        return phases.stream().filter(p -> p.phase() == phase).findFirst().orElseThrow();
    }

    long errors() {
        return phases.stream().mapToLong(PhaseStats::errors).sum();
    }

    /**
     * Errors count in every phase: one caused by the migration may surface after it. So do waits on
     * its locks, which are what blocks a request; the slowest request also counts the machine's
     * own stalls, which the before phase shows.
     */
    boolean targetMet() {
        return errors() == 0 && longestMigrationLockWait() < MAX_BLOCKED.toNanos();
    }

    long longestMigrationLockWait() {
        return phases.stream().mapToLong(PhaseStats::migrationLockWait).max().orElse(0);
    }

    /** The migration step that was running when the slowest request during the migration started. */
    Optional<MigrationResult.StepTiming> slowestRequestStep() {
        return migration.stepAt(phase(Phase.DURING).slowestStartNanos());
    }
}
