package io.cardea.server.cli;

import io.cardea.migrate.cli.ExternalDatabaseOptions;
import io.cardea.server.RunningServer;
import io.cardea.server.ServerOptions;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code cardea serve}: the identity server on an external PostgreSQL. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the identity server on an external PostgreSQL.",
                "The server never changes the schema: run `cardea migrate up` first. It refuses to start on a schema "
                        + "this release cannot run on, and says what to run.",
                "On SIGTERM, /health/ready turns 503 for the drain delay (CARDEA_SHUTDOWN_DRAIN_DELAY, default 5s), "
                        + "requests in flight finish, then the process exits."},
        footerHeading = "%nSettings (environment, with their defaults):%n",
        footer = {"  CARDEA_DATABASE_PASSWORD     the database password",
                "  CARDEA_SECRETS_SYSTEM        encrypts the signing keys; required, 32+ characters, same everywhere;",
                "                               \"new,old\" while replacing it (docs/rotation.md)",
                "  CARDEA_SECRETS_COOKIE        signs the session and CSRF cookies; required, 32+ characters, same",
                "                               everywhere; \"new,old\" while replacing it (docs/rotation.md)",
                "  CARDEA_KEYS_ROTATION_INTERVAL  how long a signing key signs before the next takes over (90d)",
                "  CARDEA_KEYS_ACCESS_TOKEN_ALGORITHM  access tokens signed with ES256 or RS256 (ES256); ID tokens: RS256",
                "  CARDEA_SESSION_IDLE_TIMEOUT  a session unused this long ends (30m)",
                "  CARDEA_SESSION_LIFETIME      a session ends this long after sign-in (24h)",
                "  CARDEA_PASSWORD_MIN_LENGTH   the shortest password accepted (8)",
                "  CARDEA_SHUTDOWN_DRAIN_DELAY  how long ready is 503 before stopping (5s)",
                "  All settings: docs/server.md"})
public final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ListenOptions listen;

    @Mixin
    ExternalDatabaseOptions database;

    @Override
    public Integer call() throws InterruptedException {
        var connection = database.connection("; to try Cardea without one, run `cardea dev`");
        var options = new ServerOptions(connection.url(), connection.user(), connection.password(), listen.bind,
                listen.port, Map.of());
        Optional<RunningServer> server = Startup.start(options, spec.commandLine().getOut(),
                spec.commandLine().getErr());
        if (server.isEmpty()) {
            return 1;
        }
        spec.commandLine().getOut().println("Cardea is serving on " + listen.url(server.get().port()));
        spec.commandLine().getOut().flush();
        server.get().awaitShutdown();
        return 0;
    }
}
