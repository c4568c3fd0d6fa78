package io.cardea.migrate.cli;

import io.cardea.migrate.script.Phase;
import picocli.CommandLine.Command;

@Command(name = "contract", mixinStandardHelpOptions = true,
        description = {"Apply the pending contract migrations, in version order.",
                "Contract migrations remove what only the previous release needed: run them once no instance of "
                        + "it is left. Refused while an earlier expand migration is pending."})
final class ContractCommand extends PhaseCommand {
    @Override
    Phase phase() {
        return Phase.CONTRACT;
    }
}
