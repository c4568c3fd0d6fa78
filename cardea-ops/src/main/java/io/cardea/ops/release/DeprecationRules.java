package io.cardea.ops.release;

import io.cardea.migrate.registry.Deprecation;
import io.cardea.ops.release.ReleaseVersion.Bump;
import java.util.List;
import java.util.Optional;

/**
 * The rules that make a deprecation an announcement rather than a surprise: announced in the
 * changelog, kept until a later minor line removes it, never added or removed by a patch. Part of
 * {@link ReleaseRules}; see docs/design/deprecations.md.
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
        if (bump == Bump.PATCH) {
            if (!shippedBefore) {
                problems.add("patch release " + v + " removes " + what + ": a patch removes nothing. Remove it in the "
                        + "next minor, " + new ReleaseVersion(v.major(), v.minor() + 1, 0));
            }
            return;
        }
        if (shippedBefore) {
            problems.add(what + " was removed by " + previous.get().version() + " already: delete its 'remove:' "
                    + "entry from " + FILE + " (the list starts afresh for each minor)");
            return;
        }
        // Only released deprecations count, and a patch removes nothing: what a minor removes was
        // deprecated by an earlier minor line, so it kept working through all of that line.
        if (history.deprecation(r.kind(), r.what()).isEmpty()) {
            problems.add(FILE + " removes " + what + ", which no release deprecated: deprecate it first "
                    + "('deprecate:' with its replacement) and remove it in a later minor release");
        }
    }

    private static Optional<Deprecation> find(List<Deprecation> list, Deprecation d) {
        return list.stream().filter(o -> o.kind() == d.kind() && o.what().equals(d.what())).findFirst();
    }
}
