package io.cardea.ops.release;

import io.cardea.migrate.registry.Deprecation;
import io.cardea.ops.release.ReleaseVersion.Bump;
import java.util.List;
import java.util.Optional;

/**
 * The rules that make a deprecation an announcement rather than a surprise: announced in the
 * changelog, kept working through the next minor line at least, never added or removed by a patch.
 * Part of {@link ReleaseRules}; see docs/design/deprecations.md.
 */
final class DeprecationRules {

    private static final String FILE = "release/deprecations.txt";

    private DeprecationRules() {}

    static void check(ReleaseManifest manifest, Changelog changelog, ReleaseHistory history, List<String> problems) {
        ReleaseVersion v = manifest.version();
        Optional<ReleaseManifest> previous = history.before(v);
        Optional<String> section = changelog.entry(manifest.entry().label()).map(ChangelogEntry::text);
        String heading = "CHANGELOG.md section '## [" + manifest.entry().label() + "]'";
        Bump bump = previous.map(p -> v.bumpFrom(p.version())).orElse(Bump.NONE);

        for (Deprecation d : manifest.deprecations()) {
            boolean isNew = previous.map(p -> find(p.deprecations(), d).isEmpty()).orElse(true);
            if (!isNew) {
                continue;
            }
            if (bump == Bump.PATCH) {
                problems.add("patch release " + v + " deprecates the " + d.kind().label() + " " + d.what()
                        + ": a patch deprecates nothing. Leave it for the next minor");
            } else if (!d.since().equals(v.toString())) {
                problems.add(FILE + " deprecates the " + d.kind().label() + " " + d.what() + " since " + d.since()
                        + ", but no earlier release listed it: a new deprecation is since this release, " + v);
            }
            if (section.isPresent() && !section.get().contains(d.what())) {
                problems.add(FILE + " deprecates the " + d.kind().label() + " " + d.what() + ", but " + heading
                        + " does not mention " + d.what() + ": say so under '### Deprecated', with what replaces it");
            }
        }
        for (Removal r : manifest.removals()) {
            boolean shippedBefore = previous.map(p -> p.removals().stream().anyMatch(r::sameAs)).orElse(false);
            checkRemoval(v, r, previous, shippedBefore, bump, history, problems);
            if (!shippedBefore && section.isPresent() && !section.get().contains(r.what())) {
                problems.add(FILE + " removes the " + r.kind().label() + " " + r.what() + ", but " + heading
                        + " does not mention " + r.what() + ": say so under '### Removed', with what replaces it");
            }
            manifest.deprecations().stream().filter(r::removes).findFirst().ifPresent(d -> problems.add(FILE
                    + " both deprecates and removes the " + r.kind().label() + " " + r.what()
                    + ": delete its 'deprecate:' entry"));
        }
        if (bump == Bump.PATCH) {
            previous.get().removals().stream()
                    .filter(o -> manifest.removals().stream().noneMatch(o::sameAs))
                    .forEach(o -> problems.add("patch release " + v + " no longer lists the removal of the "
                            + o.kind().label() + " " + o.what() + " that " + previous.get().version() + " made: keep "
                            + "its 'remove:' entry for the whole minor line, so that an upgrade to any patch shows it"));
        }
        previous.ifPresent(p -> p.deprecations().stream()
                .filter(d -> find(manifest.deprecations(), d).isEmpty())
                .filter(d -> manifest.removals().stream().noneMatch(r -> r.removes(d)))
                .forEach(d -> problems.add("the " + d.kind().label() + " " + d.what() + " deprecated in " + d.since()
                        + " is no longer listed in " + FILE + ": keep its 'deprecate:' entry until a release removes it "
                        + "with 'remove: " + d.kind().label() + " " + d.what() + "'")));
    }

    /** @param shippedBefore whether the previous release made the same removal */
    private static void checkRemoval(ReleaseVersion v, Removal r, Optional<ReleaseManifest> previous,
            boolean shippedBefore, Bump bump, ReleaseHistory history, List<String> problems) {
        String what = "the " + r.kind().label() + " " + r.what();
        // Only released deprecations count.
        Optional<Deprecation> deprecated = history.deprecation(r.kind(), r.what());
        if (bump == Bump.PATCH) {
            if (!shippedBefore) {
                ReleaseVersion next = new ReleaseVersion(v.major(), v.minor() + 1, 0);
                problems.add("patch release " + v + " removes " + what + ": a patch removes nothing"
                        + deprecated.filter(d -> tooSoon(d, next)).map(d -> "; " + keptUntil(d))
                                .orElse(". Remove it in the next minor, " + next));
            }
            return;
        }
        if (shippedBefore) {
            problems.add(what + " was removed by " + previous.get().version() + " already: delete its 'remove:' "
                    + "entry from " + FILE + " (the list starts afresh for each minor)");
            return;
        }
        if (deprecated.isEmpty()) {
            problems.add(FILE + " removes " + what + ", which no release deprecated: deprecate it first "
                    + "('deprecate:' with its replacement) and remove it in a later minor release");
        } else if (tooSoon(deprecated.get(), v)) {
            problems.add(FILE + " removes " + what + " in " + v + ", too soon: " + keptUntil(deprecated.get()));
        }
    }

    /**
     * Whether removing {@code d} in {@code v} breaks the promise: within a major, what X.Y deprecated
     * keeps working through X.(Y+1), so X.(Y+2).0 is the earliest that removes it. A new major may
     * remove what any earlier release deprecated.
     */
    private static boolean tooSoon(Deprecation d, ReleaseVersion v) {
        ReleaseVersion since = ReleaseVersion.parse(d.since(), "deprecation of " + d.what());
        return since.major() == v.major() && v.minor() < since.minor() + 2;
    }

    private static String keptUntil(Deprecation d) {
        ReleaseVersion since = ReleaseVersion.parse(d.since(), "deprecation of " + d.what());
        return "deprecated in " + d.since() + ", it keeps working through " + since.major() + "."
                + (since.minor() + 1) + ": remove it in " + new ReleaseVersion(since.major(), since.minor() + 2, 0)
                + " at the earliest";
    }

    private static Optional<Deprecation> find(List<Deprecation> list, Deprecation d) {
        return list.stream().filter(o -> o.kind() == d.kind() && o.what().equals(d.what())).findFirst();
    }
}
