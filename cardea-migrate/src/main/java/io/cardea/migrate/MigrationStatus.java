package io.cardea.migrate;

import io.cardea.migrate.script.Phase;
import java.time.Duration;
import java.time.Instant;

/** One line of {@code cardea migrate status}. Fields about the last run are null when it never ran. */
public record MigrationStatus(long version, String name, Phase phase, MigrationState state, Instant appliedAt,
        String appliedBy, Duration duration, String error) {}
