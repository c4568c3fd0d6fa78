package io.cardea.ops.release;

import io.cardea.migrate.script.Phase;
import io.cardea.ops.release.ReleaseVersion.Bump;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rules every build is held to, so that an operator can trust a version number: what the
 * changelog says matches what the release ships, and a patch or minor release never forces downtime.
 */
public final class ReleaseRules {

    private ReleaseRules() {}

    /** The rules {@code manifest} breaks, each with what to do; empty when it keeps them all. */
    public static List<String> check(ReleaseManifest manifest, Changelog changelog, ReleaseHistory history) {
        List<String> problems = new ArrayList<>();
        checkChangelog(manifest, changelog, problems);
        Optional<ReleaseManifest> released = history.release(manifest.version());
        if (released.isPresent()) {
            checkRebuild(manifest, released.get(), problems);
        } else {
            history.newest().filter(n -> n.version().compareTo(manifest.version()) > 0).ifPresent(n -> problems.add(
                    "release/history holds " + n.version() + ", newer than this build's " + manifest.version()
                            + ": set the project version above " + n.version()));
            history.before(manifest.version()).ifPresent(previous -> checkAgainst(manifest, previous, problems));
        }
        DeprecationRules.check(manifest, changelog, history, problems);
        return problems;
    }

    /** CHANGELOG.md and the manifest agree: see docs/design/release-manifest.md. */
    private static void checkChangelog(ReleaseManifest manifest, Changelog changelog, List<String> problems) {
        ChangelogEntry own = manifest.entry();
        String heading = "'## [" + own.label() + "]'";
        String expected = manifest.snapshot() ? ChangelogEntry.UNRELEASED : manifest.version().toString();
        if (!own.label().equals(expected)) {
            problems.add("the manifest of " + manifest.label() + " carries the changelog entry " + heading
                    + "; a " + (manifest.snapshot() ? "development build" : "release") + " carries '## [" + expected + "]'");
        }
        Optional<ChangelogEntry> section = changelog.entry(own.label());
        if (section.isEmpty()) {
            problems.add("CHANGELOG.md has no " + heading + " section for " + manifest.label()
                    + ": add one listing what the release changes");
            return;
        }
        if (!section.get().text().equals(own.text())) {
            problems.add("the manifest's changelog entry for " + heading + " differs from CHANGELOG.md: rebuild, "
                    + "so that the manifest carries the changelog as it is");
        }
        if (section.get().text().lines().noneMatch(line -> line.startsWith("- "))) {
            problems.add("CHANGELOG.md section " + heading + " lists no change: add a '- ' line for each");
        }
        for (ConfigChange c : manifest.configChanges()) {
            if (!section.get().text().contains(c.key())) {
                problems.add("release/config-changes.properties says " + c.describe() + ", but CHANGELOG.md section "
                        + heading + " does not mention " + c.key() + ": say so under '### Changed' or '### Removed'");
            }
        }
    }

    /** Building a released version again must give the release that was made. */
    private static void checkRebuild(ReleaseManifest manifest, ReleaseManifest released, List<String> problems) {
        if (!sameMigrations(manifest, released)) {
            problems.add(manifest.version() + " is already released with other migrations (release/history/"
                    + released.version() + ".json): set the project version to the next release");
        }
    }

    private static void checkAgainst(ReleaseManifest manifest, ReleaseManifest previous, List<String> problems) {
        ReleaseVersion v = manifest.version();
        ReleaseVersion p = previous.version();
        Bump bump = v.bumpFrom(p);
        List<ReleaseVersion> next = List.of(new ReleaseVersion(p.major(), p.minor(), p.patch() + 1),
                new ReleaseVersion(p.major(), p.minor() + 1, 0), new ReleaseVersion(p.major() + 1, 0, 0));
        if (!next.contains(v)) {
            problems.add(v + " does not follow the previous release " + p + ": the next release is one of " + next);
        }
        for (ShippedMigration old : previous.migrations()) {
            Optional<ShippedMigration> now = manifest.migration(old.version());
            if (now.isEmpty() || !now.get().sameAs(old)) {
                problems.add(old.label() + " shipped in " + p + " is " + (now.isEmpty() ? "missing" : "changed")
                        + ": a released migration may have been applied and must ship unchanged; restore it and put "
                        + "the change in a new migration");
            }
        }
        long highestBefore = previous.migrations().stream().mapToLong(ShippedMigration::version).max().orElse(0);
        List<ShippedMigration> added = manifest.migrations().stream()
                .filter(m -> previous.migration(m.version()).isEmpty()).toList();
        for (ShippedMigration m : added) {
            if (m.version() < highestBefore) {
                problems.add(m.label() + " is new in " + v + " but numbered below V" + highestBefore + " of " + p
                        + ": installations have applied that one already; number it above " + highestBefore);
            }
        }
        boolean breaking = manifest.entry().breaking();
        switch (bump) {
            case PATCH -> {
                added.forEach(m -> problems.add("patch release " + v + " ships a new migration, " + m.label()
                        + ": a patch changes no schema. Release it as " + next.get(1) + ", or leave it for the next minor"));
                if (!manifest.configChanges().equals(previous.configChanges())) {
                    problems.add("patch release " + v + " renames or removes configuration keys: a patch needs no "
                            + "configuration edit. Release it as " + next.get(1));
                }
            }
            case MINOR -> added.stream().filter(m -> m.phase() == Phase.CONTRACT)
                    .filter(m -> !m.completesExpandOf(previous))
                    .forEach(m -> problems.add("minor release " + v + " ships contract migration " + m.label()
                            + " that does not complete an expand migration of an earlier release: the release "
                            + "being replaced may still use what it removes. Declare '-- cardea:completes V<n>' naming "
                            + "the earlier expand migration, move it to a later release, or release " + next.get(2)
                            + " as a major"));
            default -> { }
        }
        if (bump == Bump.MAJOR && !breaking) {
            problems.add("major release " + v + " does not say what it breaks: add a '### Breaking' subsection to its "
                    + "CHANGELOG.md section");
        }
        if (bump != Bump.MAJOR && breaking) {
            problems.add(v + " has a '### Breaking' subsection in CHANGELOG.md, but only a major release may break: "
                    + "release it as " + next.get(2));
        }
    }

    private static boolean sameMigrations(ReleaseManifest a, ReleaseManifest b) {
        if (a.migrations().size() != b.migrations().size()) {
            return false;
        }
        for (int i = 0; i < a.migrations().size(); i++) {
            if (!a.migrations().get(i).sameAs(b.migrations().get(i))) {
                return false;
            }
        }
        return true;
    }
}
