package io.cardea;

import io.cardea.embedded.IncompatibleDataDirectory;
import io.cardea.gateway.cli.GatewayCommand;
import io.cardea.migrate.MigrationException;
import io.cardea.migrate.cli.MigrateCommand;
import io.cardea.ops.backup.BackupCommand;
import io.cardea.ops.backup.RestoreCommand;
import io.cardea.ops.deploy.DeployCommand;
import io.cardea.ops.deploy.DeploymentException;
import io.cardea.ops.ledger.LedgerException;
import io.cardea.ops.plan.UpgradeCommand;
import io.cardea.ops.release.ManifestLocation;
import io.cardea.ops.release.ReleaseException;
import io.cardea.ops.smoke.SmokeCommand;
import io.cardea.server.cli.DevCommand;
import io.cardea.server.cli.KeysCommand;
import io.cardea.server.cli.SecretsCommand;
import io.cardea.server.cli.ServeCommand;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code cardea} command. Only {@code serve} and {@code dev} start the web framework (Spring). */
@Command(name = "cardea", mixinStandardHelpOptions = true, versionProvider = Cardea.Version.class,
        description = "Cardea: a self-hosted customer identity server that upgrades without downtime.")
public final class Cardea implements Runnable {

    /** The commands, in the order the usage lists them. */
    private static final List<Class<?>> COMMANDS = List.of(ServeCommand.class, DevCommand.class,
            MigrateCommand.class, UpgradeCommand.class, BackupCommand.class, RestoreCommand.class, KeysCommand.class,
            SecretsCommand.class, GatewayCommand.class, SmokeCommand.class, DeployCommand.class,
            CommandLine.HelpCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code. */
    public static int run(String... args) {
        // The commands print what the operator needs; library logging shows warnings and errors only.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getenv().getOrDefault("CARDEA_LOG_LEVEL", "warn"));
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        DeprecatedCommand.warn(Thread.currentThread().getContextClassLoader(), args, System.err);
        return commandLine(args)
                .setExecutionExceptionHandler((e, commandLine, parseResult) -> {
                    if (e instanceof MigrationException || e instanceof DeploymentException
                            || e instanceof LedgerException || e instanceof ReleaseException
                            || e instanceof IllegalArgumentException || e instanceof IncompatibleDataDirectory) {
                        commandLine.getErr().println("cardea: " + e.getMessage());
                        return e instanceof IllegalArgumentException ? 2 : 1;
                    }
                    throw e;
                })
                .execute(args);
    }

    /**
     * The root command with the command the arguments name, or with all of them when they name none
     * (or {@code help}, which may name any). Picocli reads each command's options as it is added, and
     * its classes, built for Java 5, are never kept in the JVM's AOT cache: reading all of them would
     * cost a server's start a tenth of its CPU.
     */
    private static CommandLine commandLine(String... args) {
        CommandLine root = new CommandLine(new Cardea());
        Class<?> named = COMMANDS.stream()
                .filter(c -> args.length > 0 && c != CommandLine.HelpCommand.class
                        && c.getAnnotation(Command.class).name().equals(args[0]))
                .findFirst().orElse(null);
        for (Class<?> command : named == null ? COMMANDS : List.of(named)) {
            root.addSubcommand(command);
        }
        return root;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The release this command belongs to, as its manifest names it: {@code cardea 0.1.0}, or with "(development build)". */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"cardea " + ManifestLocation.running(Cardea.class.getClassLoader()).label()};
        }
    }
}
