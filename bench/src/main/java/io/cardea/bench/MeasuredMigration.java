package io.cardea.bench;

import io.cardea.migrate.MigrateSettings;
import io.cardea.migrate.Migrator;
import io.cardea.migrate.script.MigrationSource;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;

/** Applies the benchmark's expand migration through the engine, with its default settings, and times it. */
final class MeasuredMigration {

    /** On the classpath: the migration files the benchmark ships. */
    static final String LOCATION = "bench-migrations";

    private MeasuredMigration() {}

    /**
     * Runs {@code Migrator.up()} and waits at most {@code limit} for it. A migration still running
     * then fails the run; its thread is a daemon, ended when the server is stopped on the way out.
     */
    static MigrationResult apply(DataSource dataSource, Duration limit) throws InterruptedException {
        MigrationTimer timer = new MigrationTimer();
        Migrator migrator = Migrator.configure()
                .dataSource(dataSource)
                .migrations(MigrationSource.fromClasspath(LOCATION, MeasuredMigration.class.getClassLoader()))
                .settings(MigrateSettings.DEFAULTS)
                .events(timer)
                .load();
        ExecutorService thread = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("migration").daemon()
                .factory());
        try {
            Future<?> up = thread.submit(migrator::up);
            up.get(limit.toNanos(), TimeUnit.NANOSECONDS);
            return timer.result();
        } catch (TimeoutException e) {
            throw new IllegalStateException("the migration was still running after " + limit.toMinutes()
                    + " minutes", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            thread.shutdown();
        }
    }
}
