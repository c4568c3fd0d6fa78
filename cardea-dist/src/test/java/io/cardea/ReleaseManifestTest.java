package io.cardea;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardea.migrate.script.Migration;
import io.cardea.migrate.script.MigrationSource;
import io.cardea.ops.release.ManifestLocation;
import io.cardea.ops.release.ReleaseManifest;
import io.cardea.ops.release.ShippedMigration;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The distribution carries the manifest the build made, and it describes this very release. */
class ReleaseManifestTest {

    private final ReleaseManifest manifest = ManifestLocation.running(getClass().getClassLoader());

    @Test
    void theManifestListsExactlyTheMigrationsTheDistributionShips() {
        List<Migration> shipped = MigrationSource.fromClasspath(MigrationSource.DEFAULT_LOCATION,
                getClass().getClassLoader());

        assertThat(manifest.migrations()).extracting(ShippedMigration::checksum)
                .containsExactlyElementsOf(shipped.stream().map(Migration::checksum).toList());
        assertThat(manifest.schemaRange().requiresExpandUpTo()).isPositive();
    }

    @Test
    void upgradePlanReadsTheManifestThisDistributionCarries() throws Exception {
        Path own = Path.of(getClass().getClassLoader().getResource(ReleaseManifest.RESOURCE).toURI());

        CommandLineRun run = CommandLineRun.of("upgrade", "plan", "--to", own.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("the same release: nothing to upgrade");
    }

    @Test
    void theVersionIsTheProjectVersion() {
        String project = System.getProperty("cardea.project.version");

        assertThat(project).isEqualTo(manifest.version() + (manifest.snapshot() ? "-SNAPSHOT" : ""));
        assertThat(manifest.entry().label()).isEqualTo(manifest.snapshot() ? "Unreleased" : manifest.version().toString());
    }
}
