package io.cardea.ops.upgrade;

import io.cardea.migrate.history.AppliedMigration;
import io.cardea.migrate.history.SchemaHistory;
import io.cardea.migrate.script.Phase;
import io.cardea.ops.deploy.Deployment;
import io.cardea.ops.deploy.ReleaseFolder;
import io.cardea.ops.deploy.SupervisorClient;
import io.cardea.ops.ledger.DeploymentLedger;
import io.cardea.ops.ledger.DeploymentRecord;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = {"Go back to the release the last upgrade replaced, blue-green: its instances start, are smoke "
                + "tested, take the traffic in one step, and the current ones stop after the watch.",
                "Possible while the schema still suits the previous release: no contract migration it cannot run "
                        + "with has been applied since. Otherwise refused, with the way back: restoring the backup "
                        + "taken before the upgrade (`cardea restore FILE`).",
                "Also refused, unless --force, while a feature switched on fleet-wide needs a release later than the "
                        + "previous one."},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  rolled back", "  1  error", "  4  refused (the message says why and what to do instead)",
                "  5  the roll-back itself failed a step and the current release still serves"})
public final class RollbackCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DeploymentOption deployment;

    @Mixin
    WatchOptions watching;

    @Option(names = "--force", description = "Go back even to a release that does not honour a feature switched on "
            + "fleet-wide (the refusal names each and what is lost); they are switched off once the roll-back has finished.")
    boolean force;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        var options = new UpgradeRun.Options(UpgradeRun.Strategy.BLUE_GREEN, null, watching.window(),
                watching.readyTimeout(), true, false);
        Deployment d = deployment.open();
        DeploymentLedger ledger = DeploymentLedger.open(d.database());
        String current = SupervisorClient.of(d).currentRelease();
        var last = ledger.lastSucceededTo(current);
        if (last.isEmpty()) {
            out.println("Refused: the ledger has no upgrade that brought " + current + " in, so there is no previous "
                    + "release to go back to (`cardea upgrade history`).");
            return UpgradeRun.REFUSED;
        }
        ReleaseFolder previous = d.release(last.get().from());
        List<AppliedMigration> blocking = contractsBeyond(d, previous);
        if (!blocking.isEmpty()) {
            out.println("Refused: " + previous.version() + " cannot run on this schema any more. Contract migration(s) "
                    + blocking.stream().map(m -> "V" + m.version() + " " + m.name()).toList() + " ran after the upgrade "
                    + "to " + current + " and removed what " + previous.version() + " uses.");
            out.println("The way back is the backup taken before that upgrade"
                    + last.get().backup().map(b -> " (" + b + ")").orElse(" (none was taken: the upgrade ran with "
                    + "--skip-backup)") + ": stop the deployment, `cardea restore FILE` with " + previous.version()
                    + "'s command, make it current and start again. Everything written since the backup is lost.");
            return UpgradeRun.REFUSED;
        }
        var lost = FeaturesLostByRollback.read(d.database(), previous.version());
        if (!lost.none() && !force) {
            out.println(lost.refusal());
            return UpgradeRun.REFUSED;
        }
        if (!lost.none()) {
            out.println(lost.forcedWarning());
            out.flush();
        }
        int outcome = new UpgradeRun(d, ledger, out, options).goBack(previous.version());
        if (outcome == UpgradeRun.UPGRADED && !lost.none()) {
            out.println(lost.switchOff(d.database()));
        }
        return outcome;
    }

    /** Applied contract migrations beyond what {@code release} tolerates. */
    private static List<AppliedMigration> contractsBeyond(Deployment d, ReleaseFolder release) throws SQLException {
        long tolerated = release.manifest().schemaRange().toleratesContractUpTo();
        try (Connection c = d.database().getConnection()) {
            return new SchemaHistory(c).read().values().stream()
                    .filter(m -> m.phase() == Phase.CONTRACT && AppliedMigration.APPLIED.equals(m.state())
                            && m.version() > tolerated)
                    .toList();
        }
    }
}
