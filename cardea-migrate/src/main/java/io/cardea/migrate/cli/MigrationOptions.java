package io.cardea.migrate.cli;

import io.cardea.migrate.MigrateSettings;
import io.cardea.migrate.MigrationException;
import io.cardea.migrate.script.Migration;
import io.cardea.migrate.script.MigrationScript;
import io.cardea.migrate.script.MigrationSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/** Which migrations to run, and how gently. */
public final class MigrationOptions {

    @Option(names = "--migrations", paramLabel = "DIR",
            description = "Folder of V<version>__<name>.sql files (default: the migrations this release ships).")
    Path directory;

    @Option(names = "--lock-timeout", paramLabel = "DURATION", defaultValue = "1s",
            description = "How long a statement may wait for a table lock before it backs off and retries, "
                    + "e.g. 500ms or 2s (default: ${DEFAULT-VALUE}).")
    String lockTimeout;

    @Option(names = "--lock-attempts", paramLabel = "N", defaultValue = "30",
            description = "How many times a statement is tried when it cannot get its lock (default: ${DEFAULT-VALUE}).")
    int lockAttempts;

    @Option(names = "--statement-timeout", paramLabel = "DURATION", defaultValue = "0s",
            description = "Longest a single statement may run; 0s for no limit (default: ${DEFAULT-VALUE}).")
    String statementTimeout;

    @Option(names = "--backfill-batch", paramLabel = "ROWS",
            description = "Rows per backfill batch, overriding what each backfill declares.")
    Integer backfillBatch;

    @Option(names = "--backfill-pause", paramLabel = "DURATION",
            description = "Pause between backfill batches, overriding what each backfill declares, e.g. 50ms.")
    String backfillPause;

    public List<Migration> migrations() {
        return directory != null ? MigrationSource.fromDirectory(directory)
                : MigrationSource.fromClasspath(MigrationSource.DEFAULT_LOCATION, MigrationOptions.class.getClassLoader());
    }

    public MigrateSettings settings() {
        if (backfillBatch != null && backfillBatch < 1) {
            throw new MigrationException("--backfill-batch must be at least 1");
        }
        return MigrateSettings.DEFAULTS
                .withLockTimeout(duration(lockTimeout, "--lock-timeout"))
                .withStatementTimeout(duration(statementTimeout, "--statement-timeout"))
                .withLockAttempts(lockAttempts)
                .withBackfill(backfillBatch, backfillPause == null ? null : duration(backfillPause, "--backfill-pause"));
    }

    private static Duration duration(String value, String option) {
        return MigrationScript.duration(value, option);
    }
}
