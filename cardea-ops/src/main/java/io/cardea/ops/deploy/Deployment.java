package io.cardea.ops.deploy;

import io.cardea.ops.release.ReleaseException;
import io.cardea.ops.release.ReleaseVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A deployment directory: {@code cardea.env} (the configuration), {@code releases/VERSION/} (one
 * folder per installed release), {@code state/} (the current release, the tokens of the gateway's
 * and the supervisor's control endpoints, where they listen), {@code logs/} and {@code backups/}.
 */
public record Deployment(Path dir) {

    private static final SecureRandom RANDOM = new SecureRandom();

    public static final String CONFIG = "cardea.env";

    /** An existing deployment; refused with what to run when {@code dir} is not one. */
    public static Deployment at(Path dir) {
        if (!Files.isRegularFile(dir.resolve(CONFIG))) {
            throw new DeploymentException(dir + " is not a Cardea deployment (no " + CONFIG + "): create one with "
                    + "`cardea deploy init " + dir + " --release FOLDER --database-url JDBC_URL`");
        }
        return new Deployment(dir.toAbsolutePath().normalize());
    }

    /**
     * Creates the directory with its configuration and generated secrets. The database password is
     * written only when given: it may as well come from the supervisor's environment.
     */
    public static Deployment create(Path dir, String databaseUrl, String databaseUser, String databasePassword,
            String gatewayListen, int instances) {
        var deployment = new Deployment(dir.toAbsolutePath().normalize());
        if (Files.exists(dir.resolve(CONFIG))) {
            throw new DeploymentException(dir + " is a deployment already; add a release with `cardea deploy install "
                    + dir + " FOLDER`");
        }
        try {
            for (String sub : List.of("releases", "state", "logs")) {
                Files.createDirectories(deployment.dir.resolve(sub));
            }
            // Backups hold emails, password hashes and live tokens: the owner's only, like `cardea backup`'s.
            Files.createDirectories(deployment.backups(), PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            StringBuilder config = new StringBuilder()
                    .append("# Cardea deployment settings, read by every instance as it starts (docs/upgrading.md).\n")
                    .append("# Holds secrets: keep it readable by the deployment's user only.\n")
                    .append(DeploymentConfig.DATABASE_URL).append('=').append(databaseUrl).append('\n');
            if (databaseUser != null) {
                config.append(DeploymentConfig.DATABASE_USER).append('=').append(databaseUser).append('\n');
            }
            if (databasePassword != null) {
                config.append(DeploymentConfig.DATABASE_PASSWORD).append('=').append(databasePassword).append('\n');
            }
            config.append("CARDEA_SECRETS_SYSTEM=").append(secret(32)).append('\n')
                    .append("CARDEA_SECRETS_COOKIE=").append(secret(32)).append('\n')
                    .append(DeploymentConfig.ADMIN_TOKENS).append('=').append(secret(32)).append('\n')
                    // The smoke test's probe identity; `deploy init` registers its client and adds it below.
                    .append("CARDEA_SMOKE_PROBE_EMAIL=probe@cardea.invalid\n")
                    .append("CARDEA_SMOKE_PROBE_PASSWORD=").append(secret(24)).append('\n')
                    .append(DeploymentConfig.GATEWAY_LISTEN).append('=').append(gatewayListen).append('\n')
                    .append(DeploymentConfig.INSTANCES).append('=').append(instances).append('\n');
            writePrivate(deployment.dir.resolve(CONFIG), config.toString());
            writePrivate(deployment.gatewayTokenFile(), secret(32));
            writePrivate(deployment.controlTokenFile(), secret(32));
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the deployment in " + dir, e);
        }
        return deployment;
    }

    public DeploymentConfig config() {
        return DeploymentConfig.read(dir.resolve(CONFIG));
    }

    /**
     * The settings a server instance gets: the deployment's, read again for every instance so that an
     * edit reaches the next one, without those of the gateway, the smoke test and the supervisor.
     */
    public Map<String, String> serverEnvironment() {
        Map<String, String> env = new HashMap<>(config().values());
        env.keySet().removeIf(k -> k.startsWith("CARDEA_GATEWAY_") || k.startsWith("CARDEA_SMOKE_")
                || k.equals(DeploymentConfig.INSTANCES));
        return env;
    }

    /** Adds settings at the end of {@code cardea.env}, which stays readable by its owner only. */
    public void addSettings(Map<String, String> settings) {
        StringBuilder lines = new StringBuilder();
        settings.forEach((k, v) -> lines.append(k).append('=').append(v).append('\n'));
        try {
            Files.writeString(dir.resolve(CONFIG), lines, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + dir.resolve(CONFIG), e);
        }
    }

    public Path logs() {
        return dir.resolve("logs");
    }

    public Path backups() {
        return dir.resolve("backups");
    }

    /**
     * Copies a release folder's {@code lib/} (and {@code bin/}, {@code conf/} and the AOT cache, when
     * there are) into {@code releases/VERSION}, each file with its modification time: the AOT cache
     * checks the jars' own.
     */
    public ReleaseFolder install(Path folder) {
        ReleaseFolder source = ReleaseFolder.at(folder);
        Path target = dir.resolve("releases").resolve(source.version());
        if (Files.exists(target)) {
            throw new DeploymentException("release " + source.version() + " is installed already in " + target);
        }
        try {
            Path partial = dir.resolve("releases").resolve("." + source.version() + ".partial");
            deleteTree(partial);
            for (String sub : List.of("lib", "bin", "conf")) {
                Path from = folder.resolve(sub);
                if (Files.isDirectory(from)) {
                    copyTree(from, partial.resolve(sub));
                }
            }
            // The AOT cache bin/cardea made for the release: its instances start sooner with it.
            if (Files.isRegularFile(folder.resolve(ReleaseFolder.AOT_CACHE))) {
                Files.copy(folder.resolve(ReleaseFolder.AOT_CACHE), partial.resolve(ReleaseFolder.AOT_CACHE),
                        StandardCopyOption.COPY_ATTRIBUTES);
            }
            // Whole or not at all: a half-copied release must never look installed.
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not install " + folder + " into " + target, e);
        }
        return ReleaseFolder.at(target);
    }

    public ReleaseFolder release(String version) {
        Path folder = releaseFolder(version);
        if (!Files.isDirectory(folder)) {
            throw new DeploymentException("release " + version + " is not installed in " + dir + "; installed: "
                    + installed() + ". Install it with `cardea deploy install " + dir + " FOLDER`");
        }
        return ReleaseFolder.at(folder);
    }

    /**
     * {@code releases/VERSION} for a name that comes from outside (the control endpoint, a command's
     * argument): only a release version, MAJOR.MINOR.PATCH as installed releases are named, and
     * nothing that resolves elsewhere.
     */
    private Path releaseFolder(String version) {
        Path releases = dir.resolve("releases");
        try {
            ReleaseVersion.parse(version, "release name");
        } catch (ReleaseException e) {
            throw new InvalidReleaseName(e.getMessage());
        }
        Path folder = releases.resolve(version).normalize();
        if (!releases.equals(folder.getParent())) {
            throw new InvalidReleaseName("release name: '" + version + "' does not name a folder in " + releases);
        }
        return folder;
    }

    public List<String> installed() {
        try (Stream<Path> folders = Files.list(dir.resolve("releases"))) {
            return folders.filter(Files::isDirectory).map(f -> f.getFileName().toString())
                    .filter(name -> !name.startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("could not list " + dir.resolve("releases"), e);
        }
    }

    /** The release the supervisor starts its instances of; empty before the first is installed. */
    public Optional<String> currentRelease() {
        Path file = dir.resolve("state/current-release");
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file).strip()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
    }

    public void makeCurrent(String version) {
        release(version);
        writeAtomically(dir.resolve("state/current-release"), version + "\n");
    }

    public Path gatewayTokenFile() {
        return dir.resolve("state/gateway-admin-token");
    }

    public Path controlTokenFile() {
        return dir.resolve("state/control-token");
    }

    public String gatewayToken() {
        return readSecret(gatewayTokenFile());
    }

    public String controlToken() {
        return readSecret(controlTokenFile());
    }

    /** Where a running supervisor listens: written as it starts. */
    public record Endpoints(URI gateway, URI gatewayAdmin, URI control) {}

    public void recordEndpoints(Endpoints endpoints) {
        writeAtomically(dir.resolve("state/endpoints.properties"), "gateway=" + endpoints.gateway() + "\n"
                + "gateway.admin=" + endpoints.gatewayAdmin() + "\n" + "control=" + endpoints.control() + "\n");
    }

    public Endpoints endpoints() {
        Path file = dir.resolve("state/endpoints.properties");
        if (!Files.exists(file)) {
            throw new DeploymentException("the deployment in " + dir + " is not running: start it with `cardea deploy "
                    + "start " + dir + "`");
        }
        var properties = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
        return new Endpoints(URI.create(properties.getProperty("gateway")),
                URI.create(properties.getProperty("gateway.admin")), URI.create(properties.getProperty("control")));
    }

    /** The deployment's database, for the deployment ledger. */
    public DataSource database() {
        DeploymentConfig config = config();
        var ds = new PGSimpleDataSource();
        ds.setURL(config.require(DeploymentConfig.DATABASE_URL));
        config.get(DeploymentConfig.DATABASE_USER).ifPresent(ds::setUser);
        Optional.ofNullable(System.getenv(DeploymentConfig.DATABASE_PASSWORD))
                .or(() -> config.get(DeploymentConfig.DATABASE_PASSWORD)).ifPresent(ds::setPassword);
        ds.setConnectTimeout(10);
        ds.setApplicationName("cardea-upgrade");
        return ds;
    }

    private static String readSecret(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new DeploymentException("could not read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String secret(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    private static void writePrivate(Path file, String content) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            throw new DeploymentException(file + " exists already; it was not overwritten");
        }
        Files.writeString(file, content);
    }

    private static void writeAtomically(Path file, String content) {
        try {
            Path partial = file.resolveSibling(file.getFileName() + ".partial");
            Files.writeString(partial, content);
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(f);
            }
        }
    }
}
