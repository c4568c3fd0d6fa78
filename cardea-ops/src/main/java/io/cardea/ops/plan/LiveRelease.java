package io.cardea.ops.plan;

import io.cardea.migrate.history.AppliedMigration;
import io.cardea.migrate.history.SchemaHistory;
import io.cardea.migrate.registry.Instance;
import io.cardea.migrate.registry.InstanceRegistry;
import io.cardea.ops.release.ChangelogEntry;
import io.cardea.ops.release.ReleaseManifest;
import io.cardea.ops.release.ReleaseVersion;
import io.cardea.ops.release.SchemaRange;
import io.cardea.ops.release.ShippedMigration;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import javax.sql.DataSource;

/**
 * A release serving on a database now, as the database alone knows it: where only the new release
 * is at hand (a Kubernetes hook Job runs the new image), the old release's manifest is not. Its
 * version comes from the instance registry; in place of the migrations it ships stand those the
 * schema history says are applied, which is all a plan asks of the running release besides its
 * version (docs/design/release-manifest.md, "Planning from the live release").
 *
 * @param manifest the minimal manifest: version, applied migrations, nothing else
 * @param servers the live servers running it
 */
record LiveRelease(ReleaseManifest manifest, List<Instance> servers) {

    /** Every release with a live server on {@code database}, oldest first; none on a database nobody serves. */
    static List<LiveRelease> on(DataSource database) throws SQLException {
        Map<String, List<Instance>> byRelease = new LinkedHashMap<>();
        for (Instance server : new InstanceRegistry(database).live()) {
            byRelease.computeIfAbsent(server.release(), r -> new ArrayList<>()).add(server);
        }
        if (byRelease.isEmpty()) {
            return List.of();
        }
        List<ShippedMigration> applied = applied(database);
        return byRelease.values().stream()
                .map(servers -> new LiveRelease(minimalManifest(servers.getFirst(), applied), List.copyOf(servers)))
                .sorted((a, b) -> a.manifest().version().compareTo(b.manifest().version())).toList();
    }

    /** One line an operator can act on: the release and where its servers run. */
    String describe() {
        return servers.size() + " live server(s) of " + manifest.label() + ": "
                + String.join("; ", servers.stream().map(Instance::describe).toList());
    }

    private static ReleaseManifest minimalManifest(Instance server, List<ShippedMigration> applied) {
        // A build outside a distribution registers its jar's version, e.g. 0.2.0-SNAPSHOT.
        boolean snapshot = server.release().endsWith("-SNAPSHOT");
        ReleaseVersion version = ReleaseVersion.parse(server.release().replaceFirst("-SNAPSHOT$", ""),
                "the live server " + server.describe());
        return new ReleaseManifest(version, snapshot, applied, SchemaRange.of(applied), Optional.empty(), List.of(),
                List.of(new ChangelogEntry(version.toString(), "")));
    }

    /**
     * The migrations applied to the database, as a manifest lists them. The schema history keeps no
     * text and no {@code completes}: a plan needs neither of the running release.
     */
    private static List<ShippedMigration> applied(DataSource database) throws SQLException {
        try (Connection c = database.getConnection()) {
            return new SchemaHistory(c).read().values().stream()
                    .filter(AppliedMigration::success)
                    .map(m -> new ShippedMigration(m.version(), m.name(), m.phase(), m.checksum(), OptionalLong.empty(), ""))
                    .toList();
        }
    }
}
