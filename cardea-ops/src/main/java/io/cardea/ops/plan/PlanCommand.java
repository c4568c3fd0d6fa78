package io.cardea.ops.plan;

import io.cardea.migrate.MigrationException;
import io.cardea.migrate.MigrationPlan;
import io.cardea.migrate.Migrator;
import io.cardea.migrate.cli.DatabaseOptions;
import io.cardea.migrate.registry.InstanceRegistry;
import io.cardea.migrate.script.Phase;
import io.cardea.ops.release.ManifestLocation;
import io.cardea.ops.release.ReleaseException;
import io.cardea.ops.release.ReleaseManifest;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Read the running release and the target release and say how to upgrade: the path, the "
                + "changelog in between, the migrations with their SQL and locks, the configuration edits, what "
                + "is deprecated or removed on the way (with what replaces it), and the verdict. Changes nothing, except the configuration file with --fix-config."},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  rolling upgrade possible",
                "  1  error: the message says what happened and what to do",
                "  2  wrong usage",
                "  3  only with downtime",
                "  4  refused: the upgrade must not be run as asked"})
final class PlanCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--to", paramLabel = "RELEASE",
            description = "The target release: its manifest (release.json), its cardea-dist jar, or its unpacked "
                    + "release folder. Required, except with --from-live (default there: the release of this "
                    + "cardea command).")
    Path to;

    @Option(names = "--from", paramLabel = "RELEASE",
            description = "The running release, given like --to (default: the release of this cardea command).")
    Path from;

    @Option(names = "--from-live", description = "Check every release with a live server on the database (its "
            + "instance registry) against the target, as a check before an upgrade where only the new release is "
            + "at hand, e.g. a Kubernetes hook Job. No live server: nothing to break, exit 0.")
    boolean fromLive;

    @Option(names = "--allow-major", description = "Acknowledge that the target is a new major release, after "
            + "reading its Breaking notes.")
    boolean allowMajor;

    @Option(names = "--config", paramLabel = "FILE",
            description = "The running release's configuration file (key=value lines), to check for renamed or "
                    + "removed keys, and for deprecated or removed settings it still sets.")
    Path config;

    @Option(names = "--fix-config", description = "Make the configuration edits in --config FILE, keeping the file "
            + "as it was beside it.")
    boolean fixConfig;

    @Mixin
    DatabaseOptions database;

    @Override
    public Integer call() throws Exception {
        refuseBadUsage();
        PrintWriter out = spec.commandLine().getOut();
        try {
            ReleaseManifest target = to != null ? ManifestLocation.read(to) : ownRelease();
            int exitCode = fromLive ? planFromLive(target, out) : planFrom(source(), target, out);
            out.flush();
            return exitCode;
        } catch (ReleaseException | MigrationException e) {
            spec.commandLine().getErr().println("cardea: " + e.getMessage());
            return 1;
        } catch (SQLException e) {
            spec.commandLine().getErr().println("cardea: could not read the database: " + e.getMessage());
            return 1;
        }
    }

    private void refuseBadUsage() {
        if (fixConfig && config == null) {
            throw new ParameterException(spec.commandLine(), "--fix-config needs the file to fix: --config FILE");
        }
        if (!fromLive && to == null) {
            throw new ParameterException(spec.commandLine(), "give the target release: --to RELEASE");
        }
        if (fromLive && from != null) {
            throw new ParameterException(spec.commandLine(), "--from-live reads the running releases from the "
                    + "database: leave out --from RELEASE");
        }
        if (fromLive && !database.given()) {
            throw new ParameterException(spec.commandLine(), "--from-live reads the running releases from the "
                    + "database: set CARDEA_DATABASE_URL (or --database-url), or give --embedded");
        }
        if (fromLive && fixConfig) {
            throw new ParameterException(spec.commandLine(), "--from-live only checks: make the edits with "
                    + "--from RELEASE --fix-config");
        }
    }

    private ReleaseManifest source() {
        return from != null ? ManifestLocation.read(from) : ownRelease();
    }

    private static ReleaseManifest ownRelease() {
        return ManifestLocation.running(PlanCommand.class.getClassLoader());
    }

    private int planFrom(ReleaseManifest source, ReleaseManifest target, PrintWriter out) throws Exception {
        if (!database.given()) {
            return plan(source, target, new Pending(UpgradePlan.beyondSource(source, target, Phase.EXPAND),
                    UpgradePlan.beyondSource(source, target, Phase.CONTRACT), "all that " + target.version()
                    + " ships beyond " + source.version() + "; give --database-url or --embedded for those pending "
                    + "on your database"), out);
        }
        try (var db = database.open()) {
            return plan(source, target, pendingOn(db, source, target), out);
        }
    }

    /** One plan per live release; the exit code is the worst verdict's, so any refusal stops an upgrade. */
    private int planFromLive(ReleaseManifest target, PrintWriter out) throws Exception {
        try (var db = database.open()) {
            List<LiveRelease> live = LiveRelease.on(db.dataSource());
            if (live.isEmpty()) {
                out.println("No Cardea server is live on " + db.description() + " (none sent a heartbeat in the last "
                        + InstanceRegistry.LIVE_WITHIN.toSeconds() + " s): no running release for " + target.label()
                        + " to break.");
                out.println("Verdict: " + Verdict.ROLLING.label() + " (exit code " + Verdict.ROLLING.exitCode() + ")");
                return Verdict.ROLLING.exitCode();
            }
            int worst = 0;
            for (LiveRelease release : live) {
                out.println("Live on " + db.description() + ": " + release.describe());
                out.println();
                worst = Math.max(worst, plan(release.manifest(), target, pendingOn(db, release.manifest(), target), out));
                out.println();
            }
            return worst;
        }
    }

    private int plan(ReleaseManifest source, ReleaseManifest target, Pending pending, PrintWriter out) {
        UpgradePath path = UpgradePath.between(source, target, allowMajor);
        Optional<ConfigFile> configFile = Optional.ofNullable(config).map(ConfigFile::read);
        // Last, once nothing can fail any more: an error leaves the configuration file untouched.
        Optional<ConfigCheck> configCheck = configFile.map(file -> check(file, target, path.refusal().isEmpty()));
        UpgradePlan plan = UpgradePlan.of(source, target, path, pending.expand(), pending.contract(), configCheck);
        PlanReport.print(plan, pending.from(), out);
        return plan.verdict().exitCode();
    }

    /** Checks the configuration file, and with --fix-config makes the edits unless the upgrade is refused anyway. */
    private ConfigCheck check(ConfigFile file, ReleaseManifest target, boolean pathAllowed) {
        List<ConfigEdit> edits = file.edits(target.configChanges());
        Optional<Path> copy = fixConfig && pathAllowed && !edits.isEmpty()
                ? Optional.of(file.apply(edits, ".before-" + target.version())) : Optional.empty();
        return ConfigCheck.of(file, edits, copy, target);
    }

    /** The target's migrations not yet applied on the operator's database. */
    private static Pending pendingOn(DatabaseOptions.Database db, ReleaseManifest source, ReleaseManifest target) {
        Migrator migrator = UpgradePlan.migratorFor(target, db.dataSource());
        MigrationPlan expand = migrator.plan(Phase.EXPAND);
        return new Pending(expand, UpgradePlan.contractAfter(expand, migrator, source, target),
                "those pending on " + db.description());
    }

    /** The migrations the upgrade will run, and where that was worked out. */
    private record Pending(MigrationPlan expand, MigrationPlan contract, String from) {}
}
