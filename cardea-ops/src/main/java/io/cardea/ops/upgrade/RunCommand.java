package io.cardea.ops.upgrade;

import io.cardea.ops.deploy.Deployment;
import io.cardea.ops.deploy.ReleaseFolder;
import io.cardea.ops.ledger.DeploymentLedger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Upgrade a running deployment (`cardea deploy start`) to another release, without downtime:",
                "  1 plan (refused unless the verdict is 'rolling upgrade possible'), backup and verify;",
                "  2 the expand migrations, by the target release's migrator;",
                "  3 start the target's instances and wait for /health/ready;",
                "  4 smoke test each new instance directly;",
                "  5 cut over: blue-green switches the gateway in one step; rolling replaces one instance at a time, "
                        + "draining each old one before stopping it;",
                "  6 watch error rate and p99 latency at the gateway against the minutes before the cut;",
                "  7 on any failure, traffic goes back to the old release and the new instances stop; on success the "
                        + "old instances drain and stop.",
                "Each step is printed as it happens and kept in the deployment ledger (`cardea upgrade history`)."},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  upgraded", "  1  error (the message says what happened and what to check)", "  2  wrong usage",
                "  3  refused: the plan says this upgrade needs downtime", "  4  refused by the plan",
                "  5  not upgraded: a step failed and the old release serves (the reason is printed and in the ledger)"})
public final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DeploymentOption deployment;

    @Option(names = "--to", required = true, paramLabel = "RELEASE",
            description = "The target: an installed release's version, or an unpacked release folder (installed first).")
    String to;

    @Option(names = "--strategy", paramLabel = "blue-green|rolling", defaultValue = "blue-green",
            description = "blue-green: start all new instances, switch at once, keep the old ones up during the watch; "
                    + "rolling: one new instance in, one old instance out, at a time (default: ${DEFAULT-VALUE}).")
    String strategy;

    @Option(names = "--instances", paramLabel = "N",
            description = "How many instances of the new release (default: as many as serve now).")
    Integer instances;

    @Mixin
    WatchOptions watching;

    @Option(names = "--skip-backup",
            description = "Go without a backup. Said loudly and kept in the ledger: after contract migrations, an "
                    + "upgrade without a backup cannot be undone.")
    boolean skipBackup;

    @Option(names = "--allow-major", description = "Acknowledge a new major release, after reading its Breaking notes.")
    boolean allowMajor;

    @Override
    public Integer call() throws Exception {
        UpgradeRun.Strategy chosen = switch (strategy) {
            case "blue-green" -> UpgradeRun.Strategy.BLUE_GREEN;
            case "rolling" -> UpgradeRun.Strategy.ROLLING;
            default -> throw new IllegalArgumentException("--strategy is blue-green or rolling, not '" + strategy + "'");
        };
        if (instances != null && (instances < 1 || instances > 32)) {
            throw new IllegalArgumentException("--instances must be 1 to 32, got " + instances);
        }
        var options = new UpgradeRun.Options(chosen, instances, watching.window(), watching.readyTimeout(), skipBackup,
                allowMajor);
        Deployment d = deployment.open();
        String version = to;
        if (Files.isDirectory(Path.of(to))) {
            version = ReleaseFolder.at(Path.of(to)).version();
            if (d.installed().contains(version)) {
                spec.commandLine().getOut().println(version + " is installed already; running the installed copy");
            } else {
                d.install(Path.of(to));
                spec.commandLine().getOut().println("Installed " + version + " from " + to);
            }
        }
        return new UpgradeRun(d, DeploymentLedger.open(d.database()), spec.commandLine().getOut(), options).upgrade(version);
    }
}
