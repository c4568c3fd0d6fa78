package io.cardea.ops.release;

import io.cardea.migrate.script.Migration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Puts a build's manifest together from what the repository holds. */
public final class ManifestAssembly {

    private ManifestAssembly() {}

    /**
     * @param projectVersion the Maven project version, e.g. {@code 0.2.0-SNAPSHOT}
     * @param migrations the migrations the build ships, with each file's text by location
     * @param changelog CHANGELOG.md; the build's own section should exist, which {@link ReleaseRules} checks
     */
    public static ReleaseManifest assemble(String projectVersion, List<Migration> migrations, Map<String, String> texts,
            Changelog changelog, List<ConfigChange> configChanges, ReleaseHistory history) {
        ReleaseVersion version = ReleaseVersion.ofProject(projectVersion);
        boolean snapshot = projectVersion.endsWith("-SNAPSHOT");
        List<ShippedMigration> shipped = migrations.stream()
                .map(m -> ShippedMigration.of(m, texts.get(m.location()))).toList();
        Optional<ReleaseVersion> upgradesFrom = history.oldestOneStepBefore(version);
        String label = snapshot ? ChangelogEntry.UNRELEASED : version.toString();
        List<ChangelogEntry> entries = new ArrayList<>();
        // A missing section is left for ReleaseRules to report, together with every other broken rule.
        entries.add(changelog.entry(label).orElse(new ChangelogEntry(label, "")));
        if (upgradesFrom.isPresent()) {
            for (ChangelogEntry e : changelog.entries()) {
                Optional<ReleaseVersion> v = e.version();
                if (v.isPresent() && v.get().compareTo(version) < 0 && v.get().compareTo(upgradesFrom.get()) > 0) {
                    entries.add(e);
                }
            }
        }
        return new ReleaseManifest(version, snapshot, shipped, SchemaRange.of(shipped), upgradesFrom, configChanges,
                entries);
    }
}
