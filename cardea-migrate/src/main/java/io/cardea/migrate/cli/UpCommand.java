package io.cardea.migrate.cli;

import io.cardea.migrate.script.Phase;
import picocli.CommandLine.Command;

@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Apply the pending expand migrations, in version order.",
                "Expand migrations are backward compatible: run them before deploying the new release, while the "
                        + "previous one still serves."})
final class UpCommand extends PhaseCommand {
    @Override
    Phase phase() {
        return Phase.EXPAND;
    }
}
