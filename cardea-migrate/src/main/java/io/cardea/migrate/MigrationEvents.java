package io.cardea.migrate;

import io.cardea.migrate.script.Migration;
import io.cardea.migrate.script.Step;
import java.time.Duration;

/** What a run reports as it goes; the CLI prints it, the library also logs it. All methods are optional. */
public interface MigrationEvents {

    MigrationEvents NONE = new MigrationEvents() {};

    default void waitingForLock(String holder) {}

    default void starting(Migration migration) {}

    default void stepStarting(Migration migration, int step, Step what) {}

    default void stepSkipped(Migration migration, int step, String why) {}

    default void lockRetry(Migration migration, int step, int attempt, Duration pause) {}

    default void backfillProgress(Migration migration, int step, long rowsDone, long rowsEstimated,
            double rowsPerSecond) {}

    default void applied(Migration migration, Duration took) {}

    default void failed(Migration migration, String reason) {}
}
