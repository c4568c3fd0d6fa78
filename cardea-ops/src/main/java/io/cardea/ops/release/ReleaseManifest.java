package io.cardea.ops.release;

import io.cardea.migrate.registry.Deprecation;
import io.cardea.migrate.registry.RunningRelease;
import java.util.List;
import java.util.Optional;

/**
 * What a build of Cardea knows about itself, carried in the distribution as {@value #RESOURCE}.
 *
 * @param snapshot a development build: its changelog entry is {@code [Unreleased]}
 * @param upgradesFrom the oldest release an installation may upgrade to this one from in one step;
 *     empty when no earlier release is known
 * @param configChanges configuration keys this release (its minor or major line) renamed or removed
 * @param changelog its own entry first, then those of the releases since {@code upgradesFrom}
 * @param deprecations what this release and earlier ones deprecated and it still ships
 * @param removals what its minor (or major) line removed, each deprecated by an earlier minor
 */
public record ReleaseManifest(ReleaseVersion version, boolean snapshot, List<ShippedMigration> migrations,
        SchemaRange schemaRange, Optional<ReleaseVersion> upgradesFrom, List<ConfigChange> configChanges,
        List<ChangelogEntry> changelog, List<Deprecation> deprecations, List<Removal> removals) {

    /** Where the distribution carries its manifest, on the class path and inside its jar. */
    public static final String RESOURCE = RunningRelease.MANIFEST;

    public ReleaseManifest {
        migrations = List.copyOf(migrations);
        configChanges = List.copyOf(configChanges);
        changelog = List.copyOf(changelog);
        deprecations = List.copyOf(deprecations);
        removals = List.copyOf(removals);
    }

    /** A release that deprecates and removes nothing. */
    public ReleaseManifest(ReleaseVersion version, boolean snapshot, List<ShippedMigration> migrations,
            SchemaRange schemaRange, Optional<ReleaseVersion> upgradesFrom, List<ConfigChange> configChanges,
            List<ChangelogEntry> changelog) {
        this(version, snapshot, migrations, schemaRange, upgradesFrom, configChanges, changelog, List.of(), List.of());
    }

    /** The release's own changelog entry. */
    public ChangelogEntry entry() {
        return changelog.getFirst();
    }

    public Optional<ShippedMigration> migration(long version) {
        return migrations.stream().filter(m -> m.version() == version).findFirst();
    }

    public String label() {
        return version + (snapshot ? " (development build)" : "");
    }
}
