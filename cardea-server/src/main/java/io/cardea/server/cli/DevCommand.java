package io.cardea.server.cli;

import io.cardea.embedded.EmbeddedPostgres;
import io.cardea.migrate.MigrationEvents;
import io.cardea.migrate.Migrator;
import io.cardea.migrate.script.Migration;
import io.cardea.server.RunningServer;
import io.cardea.server.ServerOptions;
import io.cardea.server.identity.IdentityStore;
import io.cardea.server.identity.Registration;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.springframework.boot.SpringApplication;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cardea dev}: everything on this machine, in one command, for trying Cardea out. */
@Command(name = "dev", mixinStandardHelpOptions = true,
        description = {"Run Cardea for development: an embedded PostgreSQL 18 keeping its data in a folder, "
                + "the expand migrations applied, a demo admin identity, and the server on plain HTTP.",
                "Not for production: cookies are not marked Secure, and the database trusts local connections."})
public final class DevCommand implements Callable<Integer> {

    static final String ADMIN_EMAIL = "admin@cardea.test";

    @Spec
    CommandSpec spec;

    @Mixin
    ListenOptions listen;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "cardea-data",
            description = "Folder where the embedded PostgreSQL keeps its data, kept between runs (default "
                    + "${DEFAULT-VALUE}, in the current folder); `cardea migrate --embedded` uses the same one.")
    Path dataDir;

    @Override
    public Integer call() throws SQLException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        out.println("Starting the embedded PostgreSQL in " + dataDir.toAbsolutePath());
        out.flush();
        EmbeddedPostgres postgres = EmbeddedPostgres.start(dataDir.resolve("postgres"));
        // Stopped after the server has drained and closed, also on Ctrl-C.
        SpringApplication.getShutdownHandlers().add(postgres::close);
        try {
            createDatabase(postgres);
            migrate(postgres, out);
            String adminToken = adminToken(dataDir);
            var options = new ServerOptions(postgres.jdbcUrl("cardea"), EmbeddedPostgres.SUPERUSER, null, listen.bind,
                    listen.port, Map.of("cardea.session.secure-cookie", "false", "cardea.shutdown.drain-delay", "0s",
                            "cardea.admin.tokens", adminToken));
            Optional<RunningServer> server = Startup.start(options, spec.commandLine().getErr());
            if (server.isEmpty()) {
                postgres.close();
                return 1;
            }
            seedAdmin(server.get(), out);
            printWelcome(out, listen.url(server.get().port()), adminToken);
            server.get().awaitShutdown();
            return 0;
        } catch (RuntimeException | SQLException e) {
            postgres.close();
            throw e;
        }
    }

    private static void createDatabase(EmbeddedPostgres postgres) throws SQLException {
        try (var c = postgres.dataSource("postgres").getConnection(); var st = c.createStatement()) {
            if (!st.executeQuery("SELECT 1 FROM pg_database WHERE datname = 'cardea'").next()) {
                st.execute("CREATE DATABASE cardea");
            }
        }
    }

    private static void migrate(EmbeddedPostgres postgres, PrintWriter out) {
        List<Migration> applied = Migrator.configure().dataSource(postgres.dataSource("cardea")).releaseMigrations()
                .events(new MigrationEvents() {
                    @Override
                    public void applied(Migration m, Duration took) {
                        out.println("  applied " + m.label() + " (" + took.toMillis() + " ms)");
                        out.flush();
                    }
                }).load().up();
        out.println(applied.isEmpty() ? "Schema up to date." : "Applied " + applied.size() + " migration(s).");
    }

    /** Creates the demo admin on first run only; its password is shown that once and stored nowhere. */
    private static void seedAdmin(RunningServer server, PrintWriter out) {
        if (server.part(IdentityStore.class).findByEmail(ADMIN_EMAIL).isPresent()) {
            out.println("Demo admin: " + ADMIN_EMAIL + " (its password was printed when it was created)");
            return;
        }
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        server.part(Registration.class).register(ADMIN_EMAIL, password, "{\"role\": \"admin\", \"demo\": true}");
        out.println("Demo admin created: " + ADMIN_EMAIL + "  password: " + password);
        out.println("  (shown this once; delete the data folder to start over)");
    }

    /**
     * The admin API token of this data folder: made on first run, kept in the folder (readable by its
     * owner only) so that it stays the same across runs, like the data.
     */
    private static String adminToken(Path dataDir) {
        Path file = dataDir.resolve("admin-token");
        try {
            if (!Files.exists(file)) {
                byte[] random = new byte[32];
                new SecureRandom().nextBytes(random);
                Files.writeString(file, Base64.getUrlEncoder().withoutPadding().encodeToString(random));
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("could not keep the admin token in " + file, e);
        }
    }

    private static void printWelcome(PrintWriter out, String url, String adminToken) {
        out.println();
        out.println("Cardea is running on " + url + "  (Ctrl-C to stop)");
        out.println("  health:    " + url + "/health/ready");
        out.println("  sign up:   curl -i -H 'Content-Type: application/json' -d '{\"email\":\"you@example.com\","
                + "\"password\":\"a long passphrase\"}' " + url + "/self-service/registration");
        out.println("  sign in:   curl -i -c cookies -H 'Content-Type: application/json' -d '{\"email\":\"" + ADMIN_EMAIL
                + "\",\"password\":\"...\"}' " + url + "/self-service/login");
        out.println("  who am I:  curl -b cookies " + url + "/sessions/whoami");
        out.println("  admin API: curl -H 'Authorization: Bearer " + adminToken + "' " + url + "/admin/identities");
        out.flush();
    }
}
