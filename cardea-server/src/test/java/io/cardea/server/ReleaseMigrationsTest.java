package io.cardea.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardea.migrate.Migrator;
import io.cardea.migrate.analysis.Lint;
import io.cardea.migrate.analysis.LintFinding;
import io.cardea.migrate.script.Migration;
import io.cardea.migrate.script.MigrationSource;
import io.cardea.migrate.script.Phase;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The build's gate on the migrations this release ships: lint-clean, and they apply on real PostgreSQL. */
@ExtendWith(PostgresExtension.class)
class ReleaseMigrationsTest {

    private final List<Migration> migrations =
            MigrationSource.fromClasspath(MigrationSource.DEFAULT_LOCATION, getClass().getClassLoader());

    @Test
    void theReleaseShipsMigrations() {
        assertThat(migrations).isNotEmpty();
    }

    @Test
    void everyShippedMigrationPassesTheLint() {
        List<LintFinding> findings = Lint.check(migrations);

        assertThat(findings).as(() -> String.join("\n", findings.stream().map(LintFinding::describe).toList()))
                .isEmpty();
    }

    @Test
    void theMigrationsApplyFromScratchAndLeaveNothingPending(TestDatabase db) {
        Migrator migrator = Migrator.configure().dataSource(db.dataSource()).migrations(migrations).load();

        migrator.up();
        migrator.contract();

        assertThat(migrator.status().hasWorkToDo()).isFalse();
        assertThat(migrator.plan(Phase.EXPAND).migrations()).isEmpty();
    }
}
