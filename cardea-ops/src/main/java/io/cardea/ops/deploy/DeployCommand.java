package io.cardea.ops.deploy;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cardea deploy}: a deployment directory on one host, and the supervisor that runs it. */
@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = {"Run Cardea on one host from a deployment directory: the configuration (cardea.env), the "
                + "installed releases, the state, logs and backups.",
                "`init` creates it, `install` adds a release, `start` runs the gateway and the server instances; "
                        + "`cardea upgrade run` then moves them from one release to the next. See docs/upgrading.md."},
        subcommands = {DeployCommand.Init.class, DeployCommand.Install.class, DeployCommand.Start.class,
                DeployCommand.Status.class})
public final class DeployCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "init", mixinStandardHelpOptions = true,
            description = {"Create a deployment directory: cardea.env with generated secrets (the system secret, an "
                    + "admin token, the smoke test's probe identity), the gateway and control tokens (readable by their "
                    + "owner only), and the first release, whose migrator then brings the database's schema up to date.",
                    "Then one instance of that release is started for a moment to register the smoke test's probe "
                            + "client through its admin API; its id and secret go into cardea.env, never on screen."})
    static final class Init implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "DIR", description = "The deployment directory to create.")
        Path dir;

        @Option(names = "--release", required = true, paramLabel = "FOLDER",
                description = "An unpacked Cardea release (its lib/ holds the jars): the first to run.")
        Path release;

        @Option(names = "--database-url", required = true, paramLabel = "JDBC_URL",
                defaultValue = "${env:CARDEA_DATABASE_URL}",
                description = "The PostgreSQL to serve from (env CARDEA_DATABASE_URL).")
        String databaseUrl;

        @Option(names = "--database-user", paramLabel = "USER", defaultValue = "${env:CARDEA_DATABASE_USER}",
                description = "The database user (env CARDEA_DATABASE_USER).")
        String databaseUser;

        @Option(names = "--gateway-listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8080",
                description = "Where users reach Cardea through the gateway (default: ${DEFAULT-VALUE}).")
        String gatewayListen;

        @Option(names = "--instances", paramLabel = "N", defaultValue = "2",
                description = "How many server instances to run (default: ${DEFAULT-VALUE}).")
        int instances;

        @Override
        public Integer call() throws Exception {
            if (instances < 1 || instances > 32) {
                throw new IllegalArgumentException("--instances must be 1 to 32, got " + instances);
            }
            PrintWriter out = spec.commandLine().getOut();
            // The password comes from the environment only, never from the command line.
            ReleaseFolder.at(release); // a folder that is no release is refused before anything is created
            String password = System.getenv(DeploymentConfig.DATABASE_PASSWORD);
            Deployment deployment = Deployment.create(dir, databaseUrl, blankToNull(databaseUser), blankToNull(password),
                    gatewayListen, instances);
            ReleaseFolder first = deployment.install(release);
            deployment.makeCurrent(first.version());
            out.println("Created the deployment in " + deployment.dir() + " with release " + first.version() + ".");
            out.println("Bringing the database's schema up to date with " + first.version() + "'s migrator...");
            out.flush();
            int code = ChildProcess.run(first.cardea(deployment.config().values(), "migrate", "up"), out);
            if (code != 0) {
                out.println("The migrator failed (exit " + code + "); fix what it says, then run `cardea deploy start "
                        + deployment.dir() + "`: the servers refuse to start on a schema they cannot run on.");
                return 1;
            }
            out.println("Registering the smoke test's probe client through " + first.version() + "'s admin API (an "
                    + "instance started for it, log in " + deployment.logs() + ")...");
            out.flush();
            try {
                ProbeClientSetup.register(deployment, first);
            } catch (DeploymentException e) {
                out.println("The probe client could not be registered: " + e.getMessage() + ". Register a confidential "
                        + "client_credentials client yourself and set " + DeploymentConfig.SMOKE_CLIENT_ID + " and "
                        + DeploymentConfig.SMOKE_CLIENT_SECRET + " in " + Deployment.CONFIG + "; until then `upgrade "
                        + "run` uses a shorter smoke test.");
                return 1;
            }
            out.println("The probe client " + ProbeClientSetup.CLIENT_ID + " is registered; its secret is in "
                    + deployment.dir().resolve(Deployment.CONFIG) + ".");
            out.println("Next: `cardea deploy start " + deployment.dir() + "` (in the foreground; under systemd, as the "
                    + "service's command).");
            return 0;
        }
    }

    @Command(name = "install", mixinStandardHelpOptions = true,
            description = "Add a release to a deployment, ready for `cardea upgrade run --to VERSION`. Nothing "
                    + "running changes.")
    static final class Install implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "DIR", description = "The deployment directory.")
        Path dir;

        @Parameters(index = "1", paramLabel = "FOLDER", description = "An unpacked Cardea release.")
        Path release;

        @Override
        public Integer call() {
            ReleaseFolder installed = Deployment.at(dir).install(release);
            spec.commandLine().getOut().println("Installed " + installed.version() + " in " + installed.dir()
                    + ". Next: `cardea upgrade plan --to " + installed.dir() + "`, then `cardea upgrade run --deployment "
                    + dir + " --to " + installed.version() + "`.");
            return 0;
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = {"Run the deployment in the foreground: the gateway (in this process) and the current "
                    + "release's server instances (child processes on loopback ports, restarted when one exits on its "
                    + "own, up to " + Instance.MAX_RESTARTS + " times). On SIGTERM every instance drains, then "
                    + "everything stops.",
                    "A control endpoint on loopback, behind the token in state/control-token, lets `cardea upgrade "
                            + "run` start and stop instances. Instance logs go to logs/."})
    static final class Start implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "DIR", description = "The deployment directory.")
        Path dir;

        @Override
        public Integer call() throws Exception {
            Supervisor supervisor = Supervisor.start(Deployment.at(dir), spec.commandLine().getOut());
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
                try {
                    supervisor.close();
                } catch (Exception e) {
                    System.err.println("cardea deploy: stopping failed: " + e.getMessage());
                }
            }));
            supervisor.join();
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Show the running deployment's release and instances.")
    static final class Status implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "DIR", description = "The deployment directory.")
        Path dir;

        @Override
        public Integer call() throws Exception {
            Deployment deployment = Deployment.at(dir);
            SupervisorClient supervisor = SupervisorClient.of(deployment);
            PrintWriter out = spec.commandLine().getOut();
            out.println("release " + supervisor.currentRelease() + ", serving on " + deployment.endpoints().gateway());
            for (InstanceView i : supervisor.instances()) {
                out.printf("  %-4s %-10s %-24s %-9s restarts %d%n", i.id(), i.release(), i.url(), i.state(), i.restarts());
            }
            return 0;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
