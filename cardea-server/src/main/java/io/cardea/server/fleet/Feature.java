package io.cardea.server.fleet;

import io.cardea.migrate.registry.RunningRelease;
import java.util.regex.Pattern;

/**
 * A behaviour the previous release cannot honour (a second factor it would skip, a token format it
 * cannot read), which therefore takes effect only once every live instance runs {@code firstRelease}
 * or a later one. A capability declares its feature as a bean and asks {@link FleetFeatures#isOn}.
 *
 * @param name how operators see it, e.g. {@code mfa-required}; lower case, digits and dashes
 * @param firstRelease the first release that honours it, MAJOR.MINOR.PATCH
 * @param withoutIt what a release before {@code firstRelease} does instead, in an operator's words and
 *     as a verb phrase read after that release's name ("skips the second factor"): what going back
 *     below it loses (shown by the read-out, the logs and {@code cardea upgrade rollback})
 * @param staysOn recorded once on, so that it stays on and guards the roll-back (a rule that protects
 *     users, a format once written); false for an offer that merely follows the fleet, on exactly
 *     while every live instance honours it ({@link #followingTheFleet})
 */
public record Feature(String name, String firstRelease, String withoutIt, boolean staysOn) {

    /** A feature that, once on, stays on and guards the roll-back. */
    public Feature(String name, String firstRelease, String withoutIt) {
        this(name, firstRelease, withoutIt, true);
    }

    /**
     * A feature that is on exactly while every live instance honours it, and is never recorded: for
     * something offered rather than enforced (a page, a mail), which an older instance joining again
     * may take away without harm, so a roll-back need not be refused for it.
     */
    public static Feature followingTheFleet(String name, String firstRelease, String withoutIt) {
        return new Feature(name, firstRelease, withoutIt, false);
    }

    private static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern RELEASE = Pattern.compile("\\d+\\.\\d+\\.\\d+");

    public Feature {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a feature's name is lower case, digits and dashes, e.g. mfa-required; got '"
                    + name + "'");
        }
        if (firstRelease == null || !RELEASE.matcher(firstRelease).matches()) {
            throw new IllegalArgumentException("feature " + name + ": its first release is MAJOR.MINOR.PATCH, e.g. 0.3.0; got '"
                    + firstRelease + "'");
        }
        if (withoutIt == null || withoutIt.isBlank()) {
            throw new IllegalArgumentException("feature " + name + ": say what a release before " + firstRelease
                    + " does without it; going back below it loses that");
        }
    }

    /** Whether an instance of {@code release} honours this feature. */
    public boolean honouredBy(String release) {
        return RunningRelease.compare(release, firstRelease) >= 0;
    }
}
