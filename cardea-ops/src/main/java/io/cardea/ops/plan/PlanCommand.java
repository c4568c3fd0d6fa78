package io.cardea.ops.plan;

import io.cardea.migrate.MigrationException;
import io.cardea.migrate.MigrationPlan;
import io.cardea.migrate.Migrator;
import io.cardea.migrate.cli.DatabaseOptions;
import io.cardea.migrate.script.Phase;
import io.cardea.ops.release.ManifestLocation;
import io.cardea.ops.release.ReleaseException;
import io.cardea.ops.release.ReleaseManifest;
import java.io.PrintWriter;
import java.nio.file.Path;
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

    @Option(names = "--to", required = true, paramLabel = "RELEASE",
            description = "The target release: its manifest (release.json), its cardea-dist jar, or its unpacked "
                    + "release folder.")
    Path to;

    @Option(names = "--from", paramLabel = "RELEASE",
            description = "The running release, given like --to (default: the release of this cardea command).")
    Path from;

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
        if (fixConfig && config == null) {
            throw new ParameterException(spec.commandLine(), "--fix-config needs the file to fix: --config FILE");
        }
        PrintWriter out = spec.commandLine().getOut();
        try {
            ReleaseManifest source = from != null ? ManifestLocation.read(from)
                    : ManifestLocation.running(PlanCommand.class.getClassLoader());
            ReleaseManifest target = ManifestLocation.read(to);
            UpgradePath path = UpgradePath.between(source, target, allowMajor);
            Optional<ConfigFile> configFile = Optional.ofNullable(config).map(ConfigFile::read);
            Pending pending = database.given() ? pendingOnDatabase(source, target) : new Pending(
                    UpgradePlan.beyondSource(source, target, Phase.EXPAND),
                    UpgradePlan.beyondSource(source, target, Phase.CONTRACT),
                    "all that " + target.version() + " ships beyond " + source.version()
                            + "; give --database-url or --embedded for those pending on your database");
            // Last, once nothing can fail any more: an error leaves the configuration file untouched.
            Optional<ConfigCheck> configCheck = configFile.map(file -> check(file, target, path.refusal().isEmpty()));
            UpgradePlan plan = UpgradePlan.of(source, target, path, pending.expand(), pending.contract(), configCheck);
            PlanReport.print(plan, pending.from(), out);
            out.flush();
            return plan.verdict().exitCode();
        } catch (ReleaseException | MigrationException e) {
            spec.commandLine().getErr().println("cardea: " + e.getMessage());
            return 1;
        }
    }

    /** Checks the configuration file, and with --fix-config makes the edits unless the upgrade is refused anyway. */
    private ConfigCheck check(ConfigFile file, ReleaseManifest target, boolean pathAllowed) {
        List<ConfigEdit> edits = file.edits(target.configChanges());
        Optional<Path> copy = fixConfig && pathAllowed && !edits.isEmpty()
                ? Optional.of(file.apply(edits, ".before-" + target.version())) : Optional.empty();
        return ConfigCheck.of(file, edits, copy, target);
    }

    /** The target's migrations not yet applied on the operator's database. */
    private Pending pendingOnDatabase(ReleaseManifest source, ReleaseManifest target) throws Exception {
        try (var db = database.open()) {
            Migrator migrator = UpgradePlan.migratorFor(target, db.dataSource());
            MigrationPlan expand = migrator.plan(Phase.EXPAND);
            return new Pending(expand, UpgradePlan.contractAfter(expand, migrator, source, target),
                    "those pending on " + db.description());
        }
    }

    /** The migrations the upgrade will run, and where that was worked out. */
    private record Pending(MigrationPlan expand, MigrationPlan contract, String from) {}
}
