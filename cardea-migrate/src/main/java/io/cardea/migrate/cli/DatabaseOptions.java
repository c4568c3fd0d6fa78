package io.cardea.migrate.cli;

import io.cardea.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Which PostgreSQL a command works on: an external server, or the embedded one. */
public final class DatabaseOptions {

    @Mixin
    ExternalDatabaseOptions external;

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
        return embedded != null || external.given();
    }

    public Database open() throws SQLException {
        if (embedded != null && external.given()) {
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
        var connection = external.connection(", or pass --embedded to use Cardea's embedded PostgreSQL");
        var ds = new PGSimpleDataSource();
        ds.setURL(connection.url());
        if (connection.user() != null) {
            ds.setUser(connection.user());
        }
        if (connection.password() != null) {
            ds.setPassword(connection.password());
        }
        return new Database(ds, connection.redactedUrl(), null);
    }
}
