package io.cardea.ops.release;

import io.cardea.migrate.registry.Deprecation;

/**
 * Something a release removes, after an earlier minor release deprecated it.
 *
 * @param release the first release without it: the {@code X.Y.0} of the minor (or major) line that removes it
 * @param replacement what to use instead, as its deprecation said
 */
public record Removal(Deprecation.Kind kind, String what, ReleaseVersion release, String replacement) {

    public String describe() {
        return kind.label() + " " + what + " is removed in " + release + ": use " + replacement;
    }

    public boolean removes(Deprecation d) {
        return names(d.kind(), d.what());
    }

    public boolean sameAs(Removal other) {
        return names(other.kind(), other.what());
    }

    private boolean names(Deprecation.Kind k, String w) {
        return k == kind && w.equals(what);
    }
}
