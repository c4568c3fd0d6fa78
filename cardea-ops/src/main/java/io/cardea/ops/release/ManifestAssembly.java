package io.cardea.ops.release;

import io.cardea.migrate.registry.Deprecation;
import io.cardea.migrate.script.Migration;
import java.time.LocalDate;
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
     * @param today the date of a deprecation whose release is not dated yet in the changelog (it is being built)
     */
    public static ReleaseManifest assemble(String projectVersion, List<Migration> migrations, Map<String, String> texts,
            Changelog changelog, List<ConfigChange> configChanges, DeprecationsFile listed, ReleaseHistory history,
            LocalDate today) {
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
                entries, deprecations(listed, changelog, history, today), removals(listed, version, history));
    }

    /**
     * Each deprecation dated as the release that made it: as an earlier manifest dated it, else by
     * its CHANGELOG.md heading, else (its release is the one being built, not dated yet) today.
     */
    private static List<Deprecation> deprecations(DeprecationsFile listed, Changelog changelog, ReleaseHistory history,
            LocalDate today) {
        List<Deprecation> deprecations = new ArrayList<>();
        for (DeprecationsFile.Deprecated d : listed.deprecations()) {
            LocalDate on = history.deprecation(d.kind(), d.what()).map(Deprecation::deprecatedOn)
                    .or(() -> changelog.date(d.since().toString())).orElse(today);
            deprecations.add(new Deprecation(d.kind(), d.what(), d.since().toString(), d.replacement(), on, d.sunset(),
                    d.link()));
        }
        return deprecations;
    }

    /**
     * Each removal belongs to the minor line that makes it, and points to the replacement its
     * deprecation named; one nobody deprecated gets none, which {@link ReleaseRules} reports.
     */
    private static List<Removal> removals(DeprecationsFile listed, ReleaseVersion version, ReleaseHistory history) {
        ReleaseVersion line = new ReleaseVersion(version.major(), version.minor(), 0);
        return listed.removals().stream().map(r -> new Removal(r.kind(), r.what(), line,
                history.deprecation(r.kind(), r.what()).map(Deprecation::replacement).orElse(""))).toList();
    }
}
