package io.cardea.ops.plan;

import io.cardea.ops.upgrade.HistoryCommand;
import io.cardea.ops.upgrade.RollbackCommand;
import io.cardea.ops.upgrade.RunCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code cardea upgrade}: moving an installation from one release to the next. */
@Command(name = "upgrade", mixinStandardHelpOptions = true,
        description = {"Upgrade Cardea from the running release to the next one.",
                "Start with `plan`: it reads both releases and says whether the upgrade can roll, needs downtime, "
                        + "or must not be run. `run` carries it out on a deployment (`cardea deploy`), `history` shows "
                        + "the deployment ledger, `rollback` goes back to the previous release."},
        subcommands = {PlanCommand.class, RunCommand.class, HistoryCommand.class, RollbackCommand.class})
public final class UpgradeCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
