package io.cardea.migrate.cli;

import io.cardea.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import picocli.CommandLine.Option;

/** Which PostgreSQL a command works on: an external server, or the embedded one. */
public final class DatabaseOptions {

    @Option(names = "--database-url", paramLabel = "JDBC_URL", defaultValue = "${env:CARDEA_DATABASE_URL}",
            description = "PostgreSQL to work on, e.g. jdbc:postgresql://db.internal:5432/cardea "
                    + "(env CARDEA_DATABASE_URL). The password is read from env CARDEA_DATABASE_PASSWORD only, "
                    + "never from the command line.")
    String url;

    @Option(names = "--database-user", paramLabel = "USER", defaultValue = "${env:CARDEA_DATABASE_USER}",
            description = "Database user (env CARDEA_DATABASE_USER).")
    String user;

    @Option(names = "--embedded", arity = "0..1", paramLabel = "DIR", fallbackValue = "cardea-data",
            description = "Use Cardea's embedded PostgreSQL, keeping its data in DIR (default: ./cardea-data).")
    Path embedded;

    /** A database to work on; closing it stops the embedded server, if one was started. */
    public record Database(DataSource dataSource, String description, AutoCloseable server) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            if (server != null) {
                server.close();
            }
        }
    }

    /** The embedded server's folder, when the operator chose it with --embedded. */
    public Optional<Path> embeddedDirectory() {
        return Optional.ofNullable(embedded);
    }

    /** Whether the operator named a database, by option or environment. */
    public boolean given() {
        return embedded != null || (url != null && !url.isBlank());
    }

    public Database open() throws SQLException {
        if (embedded != null && url != null && !url.isBlank()) {
            throw new IllegalArgumentException("choose one database: --embedded or --database-url, not both");
        }
        if (embedded != null) {
            EmbeddedPostgres pg = EmbeddedPostgres.start(embedded.resolve("postgres"));
            try (var c = pg.dataSource("postgres").getConnection(); var st = c.createStatement()) {
                var rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = 'cardea'");
                if (!rs.next()) {
                    st.execute("CREATE DATABASE cardea");
                }
            } catch (SQLException | RuntimeException e) {
                pg.close();
                throw e;
            }
            return new Database(pg.dataSource("cardea"), "embedded PostgreSQL in " + embedded.toAbsolutePath(), pg);
        }
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("no database: set CARDEA_DATABASE_URL (or --database-url), "
                    + "or pass --embedded to use Cardea's embedded PostgreSQL");
        }
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("--database-url must be a PostgreSQL JDBC URL "
                    + "(jdbc:postgresql://HOST:PORT/DATABASE), not '" + redacted(url) + "'");
        }
        var ds = new PGSimpleDataSource();
        ds.setURL(url);
        if (user != null && !user.isBlank()) {
            ds.setUser(user);
        }
        String password = System.getenv("CARDEA_DATABASE_PASSWORD");
        if (password != null && !password.isEmpty()) {
            ds.setPassword(password);
        }
        return new Database(ds, redacted(url), null);
    }

    /** The URL without any credentials it may carry, for printing. */
    static String redacted(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1***").replaceAll("//[^/@]*@", "//***@");
    }
}
