package io.cardea.ops.release;

import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A release's semantic version: MAJOR.MINOR.PATCH, nothing else. */
public record ReleaseVersion(int major, int minor, int patch) implements Comparable<ReleaseVersion> {

    private static final Pattern SEMVER = Pattern.compile("(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})");
    private static final Comparator<ReleaseVersion> ORDER = Comparator.comparingInt(ReleaseVersion::major)
            .thenComparingInt(ReleaseVersion::minor).thenComparingInt(ReleaseVersion::patch);

    /** How a release differs from the one before it, which decides what it may ship. */
    public enum Bump { MAJOR, MINOR, PATCH, NONE }

    public static ReleaseVersion parse(String text, String where) {
        Matcher m = SEMVER.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new ReleaseException(where + ": '" + text + "' is not a release version: Cardea versions are "
                    + "MAJOR.MINOR.PATCH, e.g. 0.2.1");
        }
        return new ReleaseVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)));
    }

    /** The version of a build of the Maven project {@code projectVersion}: a snapshot counts as the release it leads to. */
    public static ReleaseVersion ofProject(String projectVersion) {
        return parse(projectVersion.replaceFirst("-SNAPSHOT$", ""), "project version");
    }

    public Bump bumpFrom(ReleaseVersion previous) {
        if (major != previous.major) {
            return Bump.MAJOR;
        }
        if (minor != previous.minor) {
            return Bump.MINOR;
        }
        return patch != previous.patch ? Bump.PATCH : Bump.NONE;
    }

    public boolean sameMinor(ReleaseVersion other) {
        return major == other.major && minor == other.minor;
    }

    @Override
    public int compareTo(ReleaseVersion other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
