package io.cardea.ops.release;

import java.util.Optional;

/**
 * One section of CHANGELOG.md.
 *
 * @param label the section's heading: a version, or {@code Unreleased}
 * @param text the section's body, without its heading
 */
public record ChangelogEntry(String label, String text) {

    public static final String UNRELEASED = "Unreleased";

    /** Whether the release says it breaks something, in a {@code ### Breaking} subsection. */
    public boolean breaking() {
        return text.lines().anyMatch(line -> line.strip().equalsIgnoreCase("### Breaking"));
    }

    /** The version the section is for; empty for {@code Unreleased}. */
    public Optional<ReleaseVersion> version() {
        return label.equals(UNRELEASED) ? Optional.empty() : Optional.of(ReleaseVersion.parse(label, "CHANGELOG.md"));
    }
}
