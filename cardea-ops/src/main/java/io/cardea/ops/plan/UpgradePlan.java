package io.cardea.ops.plan;

import io.cardea.migrate.MigrationPlan;
import io.cardea.migrate.Migrator;
import io.cardea.migrate.analysis.Lint;
import io.cardea.migrate.analysis.LintFinding;
import io.cardea.migrate.analysis.StatementAnalyzer;
import io.cardea.migrate.script.Migration;
import io.cardea.migrate.script.Phase;
import io.cardea.migrate.script.Step;
import io.cardea.migrate.registry.Deprecation;
import io.cardea.ops.release.ChangelogEntry;
import io.cardea.ops.release.ReleaseManifest;
import io.cardea.ops.release.ReleaseVersion;
import io.cardea.ops.release.Removal;
import io.cardea.ops.release.ShippedMigration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Everything an operator needs to decide on an upgrade, and the verdict.
 *
 * @param expand what {@code cardea migrate up} will run before the target is deployed
 * @param contract what {@code cardea migrate contract} will run once the source is gone
 * @param config the operator's configuration file, when given
 */
public record UpgradePlan(ReleaseManifest source, ReleaseManifest target, UpgradePath path,
        List<ChangelogEntry> changelog, MigrationPlan expand, MigrationPlan contract, List<String> downtimeReasons,
        Optional<ConfigCheck> config) {

    /**
     * @param expand the expand migrations to run; from a database's history, or all the target ships beyond the source
     * @param contract likewise for contract migrations
     */
    public static UpgradePlan of(ReleaseManifest source, ReleaseManifest target, UpgradePath path, MigrationPlan expand,
            MigrationPlan contract, Optional<ConfigCheck> config) {
        List<String> downtime = new ArrayList<>();
        List<Migration> expanding = expand.migrations().stream().map(MigrationPlan.Planned::migration).toList();
        for (LintFinding f : Lint.check(expanding)) {
            downtime.add("expand migration " + f.migration().label() + " step " + f.step() + " ["
                    + f.rule().id() + "]: " + f.rule().danger() + ", while " + source.version() + " still serves");
        }
        for (MigrationPlan.Planned p : contract.migrations()) {
            Migration m = p.migration();
            boolean shippedBySource = source.migration(m.version()).isPresent();
            Optional<ShippedMigration> shipped = target.migration(m.version());
            if (!shippedBySource && shipped.isPresent() && !shipped.get().completesExpandOf(source)) {
                downtime.add("contract migration " + m.label() + " does not complete an expand migration "
                        + source.version() + " ships: " + source.version() + " never wrote the new shape, so what it "
                        + "writes during a roll-out would be lost");
            }
        }
        return new UpgradePlan(source, target, path, entriesBetween(source, target), expand, contract,
                List.copyOf(downtime), config);
    }

    /** The plan for the database behind {@code database}: the migrations still pending there. */
    public static UpgradePlan onDatabase(ReleaseManifest source, ReleaseManifest target, UpgradePath path,
            DataSource database, Optional<ConfigCheck> config) {
        Migrator migrator = migratorFor(target, database);
        MigrationPlan expand = migrator.plan(Phase.EXPAND);
        return of(source, target, path, expand, contractAfter(expand, migrator, source, target), config);
    }

    /**
     * The contract migrations pending once {@code expand} has run. The migrator plans them only
     * when no expand migration is pending; before that, they are those the target ships beyond the source.
     */
    static MigrationPlan contractAfter(MigrationPlan expand, Migrator migrator, ReleaseManifest source,
            ReleaseManifest target) {
        return expand.migrations().isEmpty() ? migrator.plan(Phase.CONTRACT) : beyondSource(source, target, Phase.CONTRACT);
    }

    /** A migrator of the target's migrations, as its manifest carries them, on {@code database}. */
    public static Migrator migratorFor(ReleaseManifest target, DataSource database) {
        List<Migration> migrations = target.migrations().stream()
                .map(m -> m.migration(target.version().toString())).toList();
        return Migrator.configure().dataSource(database).migrations(migrations).load();
    }

    /** The changelog entries of the releases after the source, up to and including the target. */
    private static List<ChangelogEntry> entriesBetween(ReleaseManifest source, ReleaseManifest target) {
        if (source.version().equals(target.version())) {
            return List.of();
        }
        return target.changelog().stream().filter(e -> e.version().map(v -> v.compareTo(source.version()) > 0)
                .orElse(true)).toList();
    }

    /** What the releases after the source, up to the target, deprecated and the target still ships. */
    public List<Deprecation> deprecations() {
        return target.deprecations().stream()
                .filter(d -> ReleaseVersion.parse(d.since(), "deprecation of " + d.what()).compareTo(source.version()) > 0)
                .toList();
    }

    /** What the target's minor line removed that the source still has. */
    public List<Removal> removals() {
        return target.removals().stream().filter(r -> r.release().compareTo(source.version()) > 0).toList();
    }

    public Verdict verdict() {
        if (path.refusal().isPresent() || !pendingConfigEdits().isEmpty()) {
            return Verdict.REFUSED;
        }
        return downtimeReasons.isEmpty() ? Verdict.ROLLING : Verdict.DOWNTIME;
    }

    public List<ConfigEdit> pendingConfigEdits() {
        return config.map(ConfigCheck::pending).orElse(List.of());
    }

    /** The plan's migrations of one phase, as {@link MigrationPlan} entries with the locks of each step. */
    static MigrationPlan beyondSource(ReleaseManifest source, ReleaseManifest target, Phase phase) {
        List<MigrationPlan.Planned> planned = new ArrayList<>();
        for (ShippedMigration m : target.migrations()) {
            if (m.phase() == phase && source.migration(m.version()).isEmpty()) {
                Migration parsed = m.migration(target.version().toString());
                planned.add(new MigrationPlan.Planned(parsed, 1,
                        parsed.steps().stream().map(Step::sql).map(StatementAnalyzer::analyze).toList()));
            }
        }
        return new MigrationPlan(phase, List.copyOf(planned));
    }
}
