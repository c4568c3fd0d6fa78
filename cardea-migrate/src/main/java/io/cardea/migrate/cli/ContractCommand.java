package io.cardea.migrate.cli;

import io.cardea.migrate.MigrationException;
import io.cardea.migrate.registry.Instance;
import io.cardea.migrate.registry.InstanceRegistry;
import io.cardea.migrate.registry.RunningRelease;
import io.cardea.migrate.script.Phase;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "contract", mixinStandardHelpOptions = true,
        description = {"Apply the pending contract migrations, in version order.",
                "Contract migrations remove what only the previous release needed: run them once no instance of "
                        + "it is left. Refused while an earlier expand migration is pending, and while a live server "
                        + "(heartbeat within the last 30 s, see " + InstanceRegistry.TABLE + ") runs another release "
                        + "than this command's."})
final class ContractCommand extends PhaseCommand {

    @Option(names = "--force", description = "Apply even while servers of another release are live. They may fail "
            + "on the contracted schema: use it only when you know those servers are gone or about to be.")
    boolean force;

    @Override
    Phase phase() {
        return Phase.CONTRACT;
    }

    @Override
    void checkBeforeApplying(DataSource dataSource) throws SQLException {
        String release = RunningRelease.version();
        List<Instance> others = new InstanceRegistry(dataSource).liveOtherThan(release);
        if (others.isEmpty()) {
            return;
        }
        String list = others.stream().map(i -> "  " + i.describe()).collect(Collectors.joining("\n"));
        if (force) {
            System.err.println("Contracting with --force while servers of another release are live:\n" + list);
            return;
        }
        throw new MigrationException("refusing to contract: these servers run another release than " + release
                + " and may still need what the contract migrations remove:\n" + list
                + "\nStop them (or finish the roll-out to " + release + ") and run again; they leave the registry "
                + "when they exit, or " + InstanceRegistry.LIVE_WITHIN.toSeconds() + " s after their last heartbeat "
                + "if killed. --force contracts anyway.");
    }
}
