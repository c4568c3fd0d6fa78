package io.cardea.ops.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardea.gateway.upstream.Balancing;
import io.cardea.ops.release.ChangelogEntry;
import io.cardea.ops.release.ManifestJson;
import io.cardea.ops.release.ReleaseManifest;
import io.cardea.ops.release.ReleaseVersion;
import io.cardea.ops.release.SchemaRange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The deployment directory: its secrets kept private, releases installed whole, mistakes refused. */
class DeploymentTest {

    @TempDir
    Path work;

    @Test
    void createsTheDirectoryWithGeneratedSecretsReadableByItsOwnerOnly() throws IOException {
        Deployment d = Deployment.create(work.resolve("d"), "jdbc:postgresql://db/cardea", "cardea", "pw", "127.0.0.1:8080", 3);

        DeploymentConfig config = d.config();
        assertThat(config.require("CARDEA_SECRETS_SYSTEM")).hasSizeGreaterThanOrEqualTo(32);
        assertThat(config.require("CARDEA_SECRETS_COOKIE")).hasSizeGreaterThanOrEqualTo(32)
                .isNotEqualTo(config.require("CARDEA_SECRETS_SYSTEM"));
        assertThat(config.adminToken()).hasSizeGreaterThanOrEqualTo(32);
        assertThat(config.number(DeploymentConfig.INSTANCES, 2)).isEqualTo(3);
        assertThat(d.gatewayToken()).isNotEqualTo(d.controlToken()).hasSizeGreaterThanOrEqualTo(32);
        for (Path secret : List.of(d.dir().resolve(Deployment.CONFIG), d.gatewayTokenFile(), d.controlTokenFile())) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).as(secret.toString())
                    .isEqualTo("rw-------");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(d.backups()))).as("backups/")
                .isEqualTo("rwx------");
        assertThatThrownBy(() -> Deployment.create(work.resolve("d"), "jdbc:postgresql://db/x", null, null, "x:1", 1))
                .isInstanceOf(DeploymentException.class).hasMessageContaining("is a deployment already");
    }

    @Test
    void theGatewayBalancesAsCardeaEnvSaysAndAnUnknownWayIsRefused() throws IOException {
        Deployment d = Deployment.create(work.resolve("d"), "jdbc:postgresql://db/cardea", null, null, "127.0.0.1:8080", 2);
        assertThat(d.config().balancing()).isEqualTo(Balancing.LEAST_BUSY);

        d.addSettings(Map.of(DeploymentConfig.GATEWAY_BALANCING, "round-robin"));
        assertThat(d.config().balancing()).isEqualTo(Balancing.ROUND_ROBIN);
        assertThat(d.serverEnvironment()).doesNotContainKey(DeploymentConfig.GATEWAY_BALANCING);

        d.addSettings(Map.of(DeploymentConfig.GATEWAY_BALANCING, "fastest"));
        assertThatThrownBy(() -> d.config().balancing()).isInstanceOf(DeploymentException.class)
                .hasMessageContaining("cardea.env: CARDEA_GATEWAY_BALANCING must be one of least-busy, round-robin; "
                        + "got 'fastest'");
    }

    @Test
    void installsAReleaseOnceAndMakesItCurrent() throws IOException {
        Deployment d = Deployment.create(work.resolve("d"), "jdbc:postgresql://db/cardea", null, null, "127.0.0.1:8080", 2);
        Path release = release("0.3.1");

        ReleaseFolder installed = d.install(release);
        d.makeCurrent("0.3.1");

        assertThat(installed.version()).isEqualTo("0.3.1");
        assertThat(d.installed()).containsExactly("0.3.1");
        assertThat(d.currentRelease()).hasValue("0.3.1");
        assertThat(Files.exists(d.dir().resolve("releases/0.3.1/lib/cardea-dist.jar"))).isTrue();
        assertThatThrownBy(() -> d.install(release)).isInstanceOf(DeploymentException.class)
                .hasMessageContaining("installed already");
        assertThatThrownBy(() -> d.makeCurrent("0.9.0")).isInstanceOf(DeploymentException.class)
                .hasMessageContaining("0.9.0 is not installed").hasMessageContaining("installed: [0.3.1]");
    }

    @Test
    void eachReleaseStartsWithTheJvmOptionsOfItsOwnFile() throws Exception {
        Deployment d = Deployment.create(work.resolve("d"), "jdbc:postgresql://db/cardea", null, null, "127.0.0.1:8080", 2);
        Path n = release("0.3.1");
        Path next = release("0.4.0");
        // -XshowSettings:vm prints the heap the JVM was given before it looks for the main class,
        // which these test releases do not have.
        jvmOptions(n, "# release N\n-XX:+UseSerialGC\n-Xmx77m   # its heap\n\n-XshowSettings:vm\n");
        jvmOptions(next, "-XX:+UseSerialGC\n-Xmx88m\n-XshowSettings:vm\n");

        ReleaseFolder installedN = d.install(n);
        ReleaseFolder installedNext = d.install(next);
        Files.writeString(n.resolve(ReleaseFolder.JVM_OPTIONS), "-Xmx99m\n-XshowSettings:vm\n");

        assertThat(installedN.cardea(Map.of(), "serve").command())
                .contains("@" + installedN.dir().resolve(ReleaseFolder.JVM_OPTIONS));
        assertThat(output(installedN.cardea(Map.of(), "serve"))).as("the installed copy of N's file")
                .contains("Max. Heap Size: 77.00M");
        assertThat(output(installedNext.cardea(Map.of(), "serve"))).contains("Max. Heap Size: 88.00M");
        assertThat(output(installedNext.cardea(Map.of("CARDEA_JAVA_OPTS", "-Xmx66m"), "serve")))
                .as("CARDEA_JAVA_OPTS after the file").contains("Max. Heap Size: 66.00M");
    }

    @Test
    void aReleaseFromBeforeTheFileRunsWithTheOptionsOfItsTimeAndSaysSo() throws IOException {
        Deployment d = Deployment.create(work.resolve("d"), "jdbc:postgresql://db/cardea", null, null, "127.0.0.1:8080", 2);
        ReleaseFolder older = d.install(release("0.3.1"));
        var err = new ByteArrayOutputStream();
        PrintStream systemErr = System.err;

        List<String> command;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            command = older.cardea(Map.of(), "serve").command();
        } finally {
            System.setErr(systemErr);
        }

        assertThat(command).containsSubsequence(ReleaseFolder.JVM_OPTIONS_BEFORE_THE_FILE)
                .noneMatch(option -> option.startsWith("@"));
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("release 0.3.1 has no conf/jvm.options",
                "-XX:+UseSerialGC -Xmx128m -Xss512k -XX:+UseCompactObjectHeaders");
    }

    @Test
    void instancesRunWithTheLaunchersJvmOptionsAndTheReleasesAotCacheWhenItHasOne() throws IOException {
        Deployment d = Deployment.create(work.resolve("d"), "jdbc:postgresql://db/cardea", null, null, "127.0.0.1:8080", 2);
        Path withCache = release("0.3.1");
        library(withCache.resolve("lib/a-library.jar"));
        library(withCache.resolve("lib/zz-extra.jar"));
        Files.writeString(withCache.resolve(ReleaseFolder.AOT_CACHE), "cache");
        Files.setLastModifiedTime(withCache.resolve("lib/cardea-dist.jar"), FileTime.fromMillis(1_000_000));

        jvmOptions(withCache, "-XX:+UseSerialGC\n");

        ReleaseFolder installed = d.install(withCache);
        List<String> command = installed.cardea(Map.of("CARDEA_JAVA_OPTS", " -Xmx512m  -Dx=1 "), "serve").command();

        // The AOT cache checks each jar's modification time: the copies keep theirs.
        assertThat(Files.getLastModifiedTime(installed.dir().resolve("lib/cardea-dist.jar")).toMillis()).isEqualTo(1_000_000);
        assertThat(command).containsSubsequence("@" + installed.dir().resolve(ReleaseFolder.JVM_OPTIONS),
                "-XX:AOTCache=" + installed.dir().resolve(ReleaseFolder.AOT_CACHE),
                "-Xmx512m", "-Dx=1", "-cp", "io.cardea.Cardea", "serve");
        String lib = installed.dir().resolve("lib") + "/";
        assertThat(command.get(command.indexOf("-cp") + 1)).as("the jars sorted by name, as bin/cardea gives them")
                .isEqualTo(lib + "a-library.jar:" + lib + "cardea-dist.jar:" + lib + "zz-extra.jar");

        Path withoutCache = release("0.3.2");
        assertThat(d.install(withoutCache).cardea(Map.of(), "serve").command())
                .noneMatch(option -> option.startsWith("-XX:AOTCache"));
    }

    @Test
    void aReleaseNameThatIsNoVersionIsRefusedBeforeItNamesAFolder() throws IOException {
        Deployment d = Deployment.create(work.resolve("d"), "jdbc:postgresql://db/cardea", null, null, "127.0.0.1:8080", 2);
        d.install(release("0.3.1"));
        // A release folder outside releases/, which the name below reaches from there.
        release("0.3.2");

        for (String name : List.of("../../release-0.3.2", "0.3.1/../0.3.1", "/tmp", "0.3", "", "v0.3.1")) {
            assertThatThrownBy(() -> d.makeCurrent(name)).as(name).isInstanceOf(InvalidReleaseName.class)
                    .hasMessageContaining("MAJOR.MINOR.PATCH");
            assertThatThrownBy(() -> d.release(name)).as(name).isInstanceOf(InvalidReleaseName.class);
        }
        assertThat(d.currentRelease()).isEmpty();
        d.makeCurrent("0.3.1");
        assertThat(d.currentRelease()).hasValue("0.3.1");
    }

    @Test
    void aFolderThatIsNoDeploymentIsRefusedWithTheCommandToMakeOne() {
        assertThatThrownBy(() -> Deployment.at(work)).isInstanceOf(DeploymentException.class)
                .hasMessageContaining("cardea deploy init");
        assertThatThrownBy(() -> Deployment.at(work).endpoints()).isInstanceOf(DeploymentException.class);
    }

    @Test
    void aConfigLineThatIsNotKeyValueIsNamed() throws IOException {
        Path file = Files.writeString(work.resolve("cardea.env"), "# ok\nCARDEA_X=1\nnot a setting\n");

        assertThatThrownBy(() -> DeploymentConfig.read(file)).isInstanceOf(DeploymentException.class)
                .hasMessageContaining("line 3 is not KEY=VALUE");
    }

    private static void jvmOptions(Path release, String file) throws IOException {
        Files.writeString(Files.createDirectories(release.resolve("conf")).resolve("jvm.options"), file);
    }

    /** What the process prints, once it has exited. */
    private static String output(ProcessBuilder process) throws IOException, InterruptedException {
        Process p = process.redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return output;
    }

    private static void library(Path jar) throws IOException {
        try (OutputStream out = Files.newOutputStream(jar); var j = new JarOutputStream(out)) {
            j.putNextEntry(new JarEntry("io/example/Nothing.txt"));
            j.closeEntry();
        }
    }

    private Path release(String version) throws IOException {
        return release(work, version);
    }

    /** A release folder {@code release-VERSION} in {@code work}, as a build makes it. */
    static Path release(Path work, String version) throws IOException {
        Path lib = Files.createDirectories(work.resolve("release-" + version + "/lib"));
        String manifest = ManifestJson.write(new ReleaseManifest(ReleaseVersion.parse(version, "test"), false, List.of(),
                new SchemaRange(0, 0), Optional.empty(), List.of(), List.of(new ChangelogEntry(version, "- x\n"))));
        try (OutputStream out = Files.newOutputStream(lib.resolve("cardea-dist.jar")); var jar = new JarOutputStream(out)) {
            jar.putNextEntry(new JarEntry(ReleaseManifest.RESOURCE));
            jar.write(manifest.getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
        return lib.getParent();
    }
}
