package io.cardea.migrate.cli;

import picocli.CommandLine.Command;

/** {@code cardea migrate}: the migration engine's commands. */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Versioned online schema migrations with expand and contract phases.",
        subcommands = {UpCommand.class, ContractCommand.class, StatusCommand.class, LintCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  done, or nothing to do",
                "  1  error: the message says what happened and what to run",
                "  2  wrong usage",
                "  3  status: migrations are pending (or failed/incomplete); lint: findings",
                "  4  status: an applied migration's file was edited (checksum mismatch)"})
public final class MigrateCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
