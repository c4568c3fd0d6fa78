package io.cardea.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * A real PostgreSQL 18 server started from the binaries Cardea ships, listening on loopback only.
 *
 * <p>Used by {@code cardea dev}, by commands given {@code --embedded}, and by the test suite. When
 * run as root, the binaries are started in a user namespace ({@code unshare -U}) because PostgreSQL
 * refuses to run as root.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    /** The superuser of an embedded server; it trusts local connections, so it has no password. */
    public static final String SUPERUSER = "postgres";

    private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;
    private final Path dataDirectory;

    private EmbeddedPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres server, Path dataDirectory) {
        this.server = server;
        this.dataDirectory = dataDirectory;
    }

    /**
     * Starts a server on a data directory that outlives the process: created on first use, reused
     * after. Server output goes to {@code postgres.log} beside the data directory.
     */
    public static EmbeddedPostgres start(Path dataDirectory) {
        return start(dataDirectory, false);
    }

    /** Starts a throw-away server whose data directory is wiped first. */
    public static EmbeddedPostgres startTemporary(Path dataDirectory) {
        return start(dataDirectory, true);
    }

    private static EmbeddedPostgres start(Path dataDirectory, boolean clean) {
        try {
            Path absolute = dataDirectory.toAbsolutePath();
            Files.createDirectories(absolute);
            var logFile = absolute.resolveSibling(absolute.getFileName() + "-postgres.log").toFile();
            // A throw-away server starts a fresh log; a lasting one keeps its history.
            var log = clean ? ProcessBuilder.Redirect.to(logFile) : ProcessBuilder.Redirect.appendTo(logFile);
            var server = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                    .setDataDirectory(absolute)
                    .setCleanDataDirectory(clean)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "300")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setOutputRedirector(log)
                    .setErrorRedirector(log)
                    .start();
            return new EmbeddedPostgres(server, absolute);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL in " + dataDirectory, e);
        }
    }

    public int port() {
        return server.getPort();
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    public DataSource dataSource(String database) {
        return server.getDatabase(SUPERUSER, database);
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not stop the embedded PostgreSQL in " + dataDirectory, e);
        }
    }
}
