package io.cardea.ops.release;

import io.cardea.migrate.MigrationException;
import io.cardea.migrate.script.Migration;
import io.cardea.migrate.script.MigrationScript;
import io.cardea.migrate.script.Phase;
import java.util.OptionalLong;

/**
 * A migration as a manifest records it. The file's text travels with it so that a plan can show the
 * exact SQL and its locks from the target's manifest alone, before the target is even downloaded.
 */
public record ShippedMigration(long version, String name, Phase phase, String checksum, OptionalLong completes,
        String sql) {

    public static ShippedMigration of(Migration m, String sql) {
        return new ShippedMigration(m.version(), m.name(), m.phase(), m.checksum(), m.completes(), sql);
    }

    /** The migration parsed back from its text, refused if the text no longer matches the recorded checksum. */
    public Migration migration(String release) {
        String location = "release " + release + ": V" + version + "__" + name + ".sql";
        Migration m;
        try {
            m = MigrationScript.parse(version, name, location, sql);
        } catch (MigrationException e) {
            throw new ReleaseException("the manifest of " + e.getMessage(), e);
        }
        if (!m.checksum().equals(checksum) || m.phase() != phase || !m.completes().equals(completes)) {
            throw new ReleaseException("the manifest of release " + release + " is damaged: V" + version + " " + name
                    + " does not match its recorded checksum, phase or completes; get the manifest again");
        }
        return m;
    }

    /** Whether this is the same migration as {@code other}: applied migrations never change. */
    public boolean sameAs(ShippedMigration other) {
        return version == other.version && name.equals(other.name) && phase == other.phase
                && checksum.equals(other.checksum);
    }

    /**
     * Whether this contract migration finishes an expand migration {@code earlier} shipped: that
     * release already wrote the new shape, so removing the old one loses nothing it writes.
     */
    public boolean completesExpandOf(ReleaseManifest earlier) {
        return completes.stream().mapToObj(earlier::migration)
                .anyMatch(m -> m.isPresent() && m.get().phase() == Phase.EXPAND);
    }

    public String label() {
        return "V" + version + " " + name;
    }
}
