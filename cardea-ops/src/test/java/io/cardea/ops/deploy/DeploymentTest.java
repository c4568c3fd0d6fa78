package io.cardea.ops.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cardea.ops.release.ChangelogEntry;
import io.cardea.ops.release.ManifestJson;
import io.cardea.ops.release.ReleaseManifest;
import io.cardea.ops.release.ReleaseVersion;
import io.cardea.ops.release.SchemaRange;
import java.io.IOException;
import java.io.OutputStream;
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
import java.util.regex.Pattern;
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
        assertThatThrownBy(() -> Deployment.create(work.resolve("d"), "jdbc:postgresql://db/x", null, null, "x:1", 1))
                .isInstanceOf(DeploymentException.class).hasMessageContaining("is a deployment already");
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
    void theInstancesJvmOptionsAreBinCardeas() throws IOException {
        String launcher = Files.readString(Path.of("../bin/cardea"));
        var options = Pattern.compile("(?m)^jvm_options=\\((.+)\\)$").matcher(launcher);

        assertThat(options.find()).as("bin/cardea sets jvm_options=(...)").isTrue();
        assertThat(List.of(options.group(1).split(" "))).isEqualTo(ReleaseFolder.JVM_OPTIONS);
    }

    @Test
    void instancesRunWithTheLaunchersJvmOptionsAndTheReleasesAotCacheWhenItHasOne() throws IOException {
        Deployment d = Deployment.create(work.resolve("d"), "jdbc:postgresql://db/cardea", null, null, "127.0.0.1:8080", 2);
        Path withCache = release("0.3.1");
        library(withCache.resolve("lib/a-library.jar"));
        library(withCache.resolve("lib/zz-extra.jar"));
        Files.writeString(withCache.resolve(ReleaseFolder.AOT_CACHE), "cache");
        Files.setLastModifiedTime(withCache.resolve("lib/cardea-dist.jar"), FileTime.fromMillis(1_000_000));

        ReleaseFolder installed = d.install(withCache);
        List<String> command = installed.cardea(Map.of("CARDEA_JAVA_OPTS", " -Xmx512m  -Dx=1 "), "serve").command();

        // The AOT cache checks each jar's modification time: the copies keep theirs.
        assertThat(Files.getLastModifiedTime(installed.dir().resolve("lib/cardea-dist.jar")).toMillis()).isEqualTo(1_000_000);
        assertThat(command).containsSubsequence(ReleaseFolder.JVM_OPTIONS)
                .containsSubsequence("-XX:+UseSerialGC", "-XX:AOTCache=" + installed.dir().resolve(ReleaseFolder.AOT_CACHE),
                        "-Xmx512m", "-Dx=1", "-cp", "io.cardea.Cardea", "serve");
        String lib = installed.dir().resolve("lib") + "/";
        assertThat(command.get(command.indexOf("-cp") + 1)).as("the jars sorted by name, as bin/cardea gives them")
                .isEqualTo(lib + "a-library.jar:" + lib + "cardea-dist.jar:" + lib + "zz-extra.jar");

        Path withoutCache = release("0.3.2");
        assertThat(d.install(withoutCache).cardea(Map.of(), "serve").command())
                .noneMatch(option -> option.startsWith("-XX:AOTCache"));
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

    private static void library(Path jar) throws IOException {
        try (OutputStream out = Files.newOutputStream(jar); var j = new JarOutputStream(out)) {
            j.putNextEntry(new JarEntry("io/example/Nothing.txt"));
            j.closeEntry();
        }
    }

    private Path release(String version) throws IOException {
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
