package io.cardea.ops.plan;

import io.cardea.migrate.registry.Deprecation;
import io.cardea.ops.release.ReleaseManifest;
import io.cardea.ops.release.Removal;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * The operator's configuration file checked against the keys the target renamed or removed.
 *
 * @param edits the edits the file needed
 * @param copy where {@code --fix-config} kept the file as it was; present once the edits are made
 * @param settingsInUse the settings the target deprecates or removes that the file (as it is now) sets
 */
public record ConfigCheck(Path file, List<ConfigEdit> edits, Optional<Path> copy, List<SettingInUse> settingsInUse) {

    /** A deprecated or removed setting the file sets, on its 1-based {@code line}. */
    public record SettingInUse(String setting, int line) {}

    /**
     * @param file the file as it was read
     * @param copy present when {@code edits} were made: the file is read again for the lines it has now
     */
    public static ConfigCheck of(ConfigFile file, List<ConfigEdit> edits, Optional<Path> copy, ReleaseManifest target) {
        ConfigFile now = copy.isPresent() ? ConfigFile.read(file.path()) : file;
        Stream<String> settings = Stream.concat(
                target.deprecations().stream().filter(d -> d.kind() == Deprecation.Kind.SETTING).map(Deprecation::what),
                target.removals().stream().filter(r -> r.kind() == Deprecation.Kind.SETTING).map(Removal::what));
        List<SettingInUse> inUse = settings.flatMap(s -> {
            OptionalInt line = now.lineSetting(s);
            return line.isPresent() ? Stream.of(new SettingInUse(s, line.getAsInt())) : Stream.empty();
        }).toList();
        return new ConfigCheck(file.path(), edits, copy, inUse);
    }

    /** Edits still to make before the target may start. */
    public List<ConfigEdit> pending() {
        return copy.isPresent() ? List.of() : edits;
    }

    /** The line that sets {@code setting}, when the file sets it. */
    public Optional<SettingInUse> setting(String setting) {
        return settingsInUse.stream().filter(s -> s.setting().equals(setting)).findFirst();
    }
}
