package io.cardea.server.cli;

import io.cardea.embedded.EmbeddedPostgres;
import io.cardea.migrate.MigrationEvents;
import io.cardea.migrate.Migrator;
import io.cardea.migrate.script.Migration;
import io.cardea.server.RunningServer;
import io.cardea.server.ServerOptions;
import io.cardea.server.identity.IdentityStore;
import io.cardea.server.identity.Registration;
import io.cardea.server.oauth2.Clients;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
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
        description = {"Run Cardea for development: the embedded PostgreSQL keeping its data in a folder, "
                + "the expand migrations applied, a demo admin identity, and the server on plain HTTP.",
                "Not for production: cookies are not marked Secure, and the database trusts local connections."})
public final class DevCommand implements Callable<Integer> {

    static final String ADMIN_EMAIL = "admin@cardea.test";
    static final String DEMO_WEB_CLIENT = "demo-web";
    static final String DEMO_SPA_CLIENT = "demo-spa";
    static final String DEMO_REDIRECT_URI = "http://127.0.0.1:9876/callback";
    static final String DEMO_SIGNED_OUT_URI = "http://127.0.0.1:9876/signed-out";

    @Spec
    CommandSpec spec;

    @Mixin
    ListenOptions listen;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "cardea-data",
            description = "Folder where the embedded PostgreSQL keeps its data, kept between runs (default "
                    + "${DEFAULT-VALUE}, in the current folder); `cardea migrate --embedded` uses the same one.")
    Path dataDir;

    @Override
    public Integer call() throws SQLException, InterruptedException, IOException {
        PrintWriter out = spec.commandLine().getOut();
        out.println("Starting the embedded PostgreSQL in " + dataDir.toAbsolutePath());
        out.flush();
        EmbeddedPostgres postgres = EmbeddedPostgres.start(dataDir.resolve("postgres"));
        // Stopped after the server has drained and closed, also on Ctrl-C.
        SpringApplication.getShutdownHandlers().add(postgres::close);
        try {
            createDatabase(postgres);
            migrate(postgres, out);
            String adminToken = keptSecret("admin-token", 32);
            var options = new ServerOptions(postgres.jdbcUrl("cardea"), EmbeddedPostgres.SUPERUSER, null, listen.bind,
                    listen.port, Map.of("cardea.session.secure-cookie", "false", "cardea.shutdown.drain-delay", "0s",
                            "cardea.secrets.system", keptSecret("system-secret", 48),
                            "cardea.secrets.cookie", keptSecret("cookie-secret", 48),
                            "cardea.admin.tokens", adminToken,
                            "cardea.mail.folder", mailFolder().toString()));
            Optional<RunningServer> server = Startup.start(options, out, spec.commandLine().getErr());
            if (server.isEmpty()) {
                postgres.close();
                return 1;
            }
            seedAdmin(server.get(), out);
            seedClients(server.get(), out);
            printWelcome(out, listen.url(server.get().port()), adminToken, mailFolder());
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

    /**
     * A secret of this data folder (the system and cookie secrets, the admin token): made on first run and kept
     * in the folder, readable by its owner only, so it lasts as long as the data it protects.
     */
    private String keptSecret(String name, int bytes) throws IOException {
        Path file = dataDir.resolve(name);
        if (Files.exists(file)) {
            return Files.readString(file).strip();
        }
        Files.createDirectories(dataDir);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        String secret = randomText(bytes);
        Files.writeString(file, secret);
        return secret;
    }

    /** A demo client of each kind, on first run; the confidential one's secret is shown that once. */
    private static void seedClients(RunningServer server, PrintWriter out) {
        Clients clients = server.part(Clients.class);
        for (Clients.Kind kind : Clients.Kind.values()) {
            String clientId = kind == Clients.Kind.CONFIDENTIAL ? DEMO_WEB_CLIENT : DEMO_SPA_CLIENT;
            if (clients.exists(clientId)) {
                out.println("Demo " + kind.name().toLowerCase(Locale.ROOT) + " client: " + clientId);
                continue;
            }
            var registered = clients.register(clientId, "Demo " + kind.name().toLowerCase(Locale.ROOT) + " client",
                    kind, List.of(DEMO_REDIRECT_URI), List.of(DEMO_SIGNED_OUT_URI));
            out.println("Demo " + kind.name().toLowerCase(Locale.ROOT) + " client created: " + clientId
                    + (registered.secret() == null ? "  (no secret: PKCE)" : "  secret: " + registered.secret()
                    + "  (shown this once)"));
        }
        out.println("  redirect URI: " + DEMO_REDIRECT_URI);
    }

    private static String randomText(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** Creates the demo admin on first run only; its password is shown that once and stored nowhere. */
    private static void seedAdmin(RunningServer server, PrintWriter out) {
        if (server.part(IdentityStore.class).findByEmail(ADMIN_EMAIL).isPresent()) {
            out.println("Demo admin: " + ADMIN_EMAIL + " (its password was printed when it was created)");
            return;
        }
        String password = randomText(18);
        server.part(Registration.class).register(ADMIN_EMAIL, password, "{\"role\": \"admin\", \"demo\": true}");
        out.println("Demo admin created: " + ADMIN_EMAIL + "  password: " + password);
        out.println("  (shown this once; delete the data folder to start over)");
    }

    /** Development keeps its mail in the data folder: no mail server needed, each message's link in the log. */
    private Path mailFolder() {
        return dataDir.resolve("mail").toAbsolutePath();
    }

    private static void printWelcome(PrintWriter out, String url, String adminToken, Path mailFolder) {
        out.println();
        out.println("Cardea is running on " + url + "  (Ctrl-C to stop)");
        out.println("  health:    " + url + "/health/ready");
        out.println("  sign up:   curl -i -H 'Content-Type: application/json' -d '{\"email\":\"you@example.com\","
                + "\"password\":\"a long passphrase\"}' " + url + "/self-service/registration");
        out.println("  sign in:   curl -i -c cookies -H 'Content-Type: application/json' -d '{\"email\":\"" + ADMIN_EMAIL
                + "\",\"password\":\"...\"}' " + url + "/self-service/login");
        out.println("  who am I:  curl -b cookies " + url + "/sessions/whoami");
        out.println("  forgot your password: " + url + "/recovery");
        out.println("  mail:      not sent but kept in " + mailFolder + ", each message's link printed below");
        out.println("  admin API: curl -H 'Authorization: Bearer " + adminToken + "' " + url + "/admin/identities");
        out.println("  OpenID:    " + url + "/.well-known/openid-configuration");
        out.println("  sign in with OAuth2 (demo-spa; add your PKCE code_challenge): " + url
                + "/oauth2/authorize?response_type=code&client_id=" + DEMO_SPA_CLIENT + "&scope=openid%20email"
                + "&redirect_uri=" + DEMO_REDIRECT_URI + "&code_challenge_method=S256&code_challenge=...");
        out.flush();
    }
}
