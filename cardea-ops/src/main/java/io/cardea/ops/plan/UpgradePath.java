package io.cardea.ops.plan;

import io.cardea.ops.release.ReleaseManifest;
import io.cardea.ops.release.ReleaseVersion;
import java.util.Optional;

/**
 * Whether going from one release to another is one allowed step: within a minor, to the next minor,
 * or (acknowledged) to the next major from the last minor before it. Each minor's contract
 * migrations assume the previous minor ran before it, so a skipped minor is never safe.
 *
 * @param refusal why the step is not allowed, with what to do instead; empty when it is
 */
public record UpgradePath(ReleaseVersion from, ReleaseVersion to, String step, Optional<String> refusal) {

    public static UpgradePath between(ReleaseManifest source, ReleaseManifest target, boolean allowMajor) {
        ReleaseVersion from = source.version();
        ReleaseVersion to = target.version();
        int cmp = to.compareTo(from);
        if (cmp == 0) {
            return allowed(from, to, "the same release: nothing to upgrade");
        }
        if (cmp < 0) {
            return refused(from, to, "a downgrade", "Cardea never migrates a schema backwards. While the contract "
                    + "migrations of " + from + " have not run, " + to + " still runs on this schema: deploy it again "
                    + "without any migrate command. After they ran, only a backup taken before the upgrade brings "
                    + to + " back.");
        }
        Optional<ReleaseVersion> oldest = target.upgradesFrom();
        if (to.major() > from.major() + 1) {
            return refused(from, to, "across " + (to.major() - from.major()) + " major releases",
                    "upgrade one major at a time: first to the last minor of " + (from.major() + 1) + ".x, and read "
                            + "each major's Breaking notes");
        }
        if (to.major() == from.major() && to.minor() > from.minor() + 1) {
            ReleaseVersion next = new ReleaseVersion(from.major(), from.minor() + 1, 0);
            return refused(from, to, "skipping " + (to.minor() - from.minor() - 1) + " minor release(s)",
                    "upgrade one minor at a time: " + from + " → " + next.major() + "." + next.minor()
                            + ".x (its newest patch) → ... → " + to + ", running `cardea upgrade plan` for each step");
        }
        if (oldest.isPresent() && from.compareTo(oldest.get()) < 0) {
            return refused(from, to, "from a release older than " + to + " accepts",
                    to + " upgrades from " + oldest.get() + " or later: upgrade to " + oldest.get() + " (or a later "
                            + oldest.get().major() + "." + oldest.get().minor() + ".x) first");
        }
        if (to.major() > from.major()) {
            String step = "to the next major release";
            return allowMajor ? allowed(from, to, step) : refused(from, to, step, "a major release may break things: "
                    + "read its Breaking notes below, then run again with --allow-major");
        }
        return allowed(from, to, to.minor() > from.minor() ? "to the next minor release" : "a patch upgrade");
    }

    private static UpgradePath allowed(ReleaseVersion from, ReleaseVersion to, String step) {
        return new UpgradePath(from, to, step, Optional.empty());
    }

    private static UpgradePath refused(ReleaseVersion from, ReleaseVersion to, String step, String why) {
        return new UpgradePath(from, to, step, Optional.of(from + " → " + to + " is " + step + ": " + why));
    }

    public String describe() {
        return from + " → " + to + " (" + step + ")";
    }
}
