package io.cardea.ops.release;

import io.cardea.migrate.script.Migration;
import io.cardea.migrate.script.MigrationSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Run by the build of the distribution: assembles the release manifest from the repository, checks
 * it against {@link ReleaseRules} and writes it. It reads {@code CHANGELOG.md}, {@code release/history/},
 * {@code release/config-changes.properties} and {@code release/deprecations.txt} under the root. A broken rule fails the build with what to fix.
 *
 * <pre>
 * ReleaseBuild PROJECT_VERSION REPOSITORY_ROOT MIGRATIONS_DIR OUTPUT_FILE
 * </pre>
 */
public final class ReleaseBuild {

    private ReleaseBuild() {}

    public static void main(String[] args) {
        if (args.length != 4) {
            System.err.println("usage: ReleaseBuild PROJECT_VERSION REPOSITORY_ROOT MIGRATIONS_DIR OUTPUT_FILE");
            System.exit(2);
        }
        try {
            Path root = Path.of(args[1]);
            List<String> problems = write(args[0], root, Path.of(args[2]), Path.of(args[3]));
            if (!problems.isEmpty()) {
                System.err.println("The release rules are broken (see docs/upgrading.md, \"Release rules\"):");
                problems.forEach(p -> System.err.println("  - " + p));
                System.exit(1);
            }
        } catch (ReleaseException e) {
            System.err.println("release manifest: " + e.getMessage());
            System.exit(1);
        }
    }

    /** Assembles and checks the manifest, writes it when it keeps the rules, and returns the rules it breaks. */
    public static List<String> write(String projectVersion, Path root, Path migrationsDir, Path output) {
        List<Migration> migrations = MigrationSource.fromDirectory(migrationsDir);
        Map<String, String> texts = new HashMap<>();
        Changelog changelog = Changelog.read(root.resolve("CHANGELOG.md"));
        ReleaseHistory history = ReleaseHistory.readFolder(root.resolve("release/history"));
        try {
            // A build that breaks the rules must not leave an earlier build's manifest behind for the jar.
            Files.deleteIfExists(output);
            for (Migration m : migrations) {
                texts.put(m.location(), Files.readString(Path.of(m.location()), StandardCharsets.UTF_8));
            }
            ReleaseManifest manifest = ManifestAssembly.assemble(projectVersion, migrations, texts, changelog,
                    ConfigChange.listedIn(root.resolve("release/config-changes.properties")),
                    DeprecationsFile.read(root.resolve("release/deprecations.txt")), history, LocalDate.now(ZoneOffset.UTC));
            List<String> problems = ReleaseRules.check(manifest, changelog, history);
            if (problems.isEmpty()) {
                Files.createDirectories(output.toAbsolutePath().getParent());
                Files.writeString(output, ManifestJson.write(manifest), StandardCharsets.UTF_8);
            }
            return problems;
        } catch (IOException e) {
            throw new ReleaseException("could not write the release manifest " + output + ": " + e.getMessage(), e);
        }
    }
}
