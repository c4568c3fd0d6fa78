package io.cardea.bench;

import io.cardea.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies an expand migration to a table under steady read/write load and reports what the
 * clients saw before, during and after it. Started by {@code bench/run-migration-bench} from the
 * repository root; the paths below are relative to it.
 *
 * <p>Exits 1 when the run itself fails and 2 on a bad command line. A missed target is a result,
 * reported in the files, not a failure.
 */
public final class MigrationBenchmark {

    private static final Logger LOG = LoggerFactory.getLogger(MigrationBenchmark.class);

    private static final Path WORK = Path.of("bench", "work", "postgres");
    private static final Path RESULTS = Path.of("bench", "results");
    private static final Duration WARMUP = Duration.ofSeconds(3);

    /** Far above what the default migration takes (under half a minute), so only a stuck run hits it. */
    private static final Duration MIGRATION_LIMIT = Duration.ofMinutes(30);

    private MigrationBenchmark() {}

    public static void main(String[] args) {
        if (List.of(args).contains("--help")) {
            System.out.println(BenchOptions.USAGE);
            return;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        try {
            BenchmarkResult result = run(options);
            Path markdown = write("migration.md", MarkdownReport.render(result));
            Path json = write("migration.json", JsonReport.render(result));
            System.out.print(ConsoleSummary.render(result, markdown.toString(), json.toString()));
        } catch (Exception e) {
            LOG.error("the benchmark run failed", e);
            System.exit(1);
        }
    }

    private static BenchmarkResult run(BenchOptions options) throws Exception {
        LOG.info("starting PostgreSQL in {}", WORK);
        try (EmbeddedPostgres postgres = EmbeddedPostgres.startTemporary(WORK)) {
            DataSource db = postgres.dataSource("postgres");
            Environment environment = Environment.probe(db);
            LOG.info("creating {} with {} rows", AccountTable.NAME, options.rows());
            AccountTable.create(db, options.rows());

            Duration loadLimit = WARMUP.plus(options.baseline()).plus(MIGRATION_LIMIT).plus(options.after())
                    .plusMinutes(1);
            LOG.info("starting {} clients", options.clients());
            try (AccountLoad load = AccountLoad.start(db, options.rows(), options.clients(), loadLimit)) {
                Thread.sleep(WARMUP);
                load.enter(Phase.BEFORE);
                LOG.info("baseline for {} s", options.baseline().toSeconds());
                Thread.sleep(options.baseline());

                load.enter(Phase.DURING);
                LOG.info("migrating");
                MigrationResult migration = MeasuredMigration.apply(db, MIGRATION_LIMIT);

                load.enter(Phase.AFTER);
                LOG.info("after the migration for {} s", options.after().toSeconds());
                Thread.sleep(options.after());
                List<PhaseStats> phases = load.stop();
                return new BenchmarkResult(environment, options, migration, phases);
            }
        }
    }

    private static Path write(String name, String content) throws IOException {
        Files.createDirectories(RESULTS);
        return Files.writeString(RESULTS.resolve(name), content, StandardCharsets.UTF_8);
    }
}
