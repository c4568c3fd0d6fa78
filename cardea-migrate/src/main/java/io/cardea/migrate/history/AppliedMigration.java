package io.cardea.migrate.history;

import io.cardea.migrate.script.Phase;
import java.time.Duration;
import java.time.Instant;

/**
 * A row of the schema history.
 *
 * @param state {@code applied}, {@code failed}, or {@code running} for a step-by-step migration
 *     that has not finished (still running, or interrupted)
 * @param stepsDone for a step-by-step migration, how many of its steps have finished
 */
public record AppliedMigration(long version, String name, Phase phase, String checksum, String state, int stepsDone,
        Instant appliedAt, String appliedBy, Duration duration, boolean success, String error) {

    public static final String APPLIED = "applied";
    public static final String FAILED = "failed";
    public static final String RUNNING = "running";
}
