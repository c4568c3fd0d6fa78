package io.cardea.migrate;

import io.cardea.migrate.analysis.StatementAnalysis;
import io.cardea.migrate.script.Migration;
import io.cardea.migrate.script.Phase;
import java.util.List;

/** What {@code up} or {@code contract} would run, statement by statement, with the locks each takes. */
public record MigrationPlan(Phase phase, List<Planned> migrations) {

    /**
     * @param firstStep the 1-based step a run would start at: above 1 when an earlier run of a
     *     step-by-step migration stopped part-way
     * @param analyses one per step of the migration
     */
    public record Planned(Migration migration, int firstStep, List<StatementAnalysis> analyses) {}
}
