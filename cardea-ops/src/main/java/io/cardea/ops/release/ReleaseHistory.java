package io.cardea.ops.release;

import io.cardea.migrate.registry.Deprecation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The manifests of the releases made so far, kept in the repository ({@code release/history/X.Y.Z.json})
 * so that each build can be checked against the release it follows.
 */
public record ReleaseHistory(List<ReleaseManifest> releases) {

    public ReleaseHistory {
        releases = releases.stream().sorted(Comparator.comparing(ReleaseManifest::version)).toList();
    }

    public static ReleaseHistory none() {
        return new ReleaseHistory(List.of());
    }

    /** Every {@code *.json} manifest in {@code folder}; none when the folder does not exist. */
    public static ReleaseHistory readFolder(Path folder) {
        if (!Files.isDirectory(folder)) {
            return none();
        }
        List<ReleaseManifest> releases = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
                ReleaseManifest m = ManifestJson.read(Files.readString(file, StandardCharsets.UTF_8), file.toString());
                String expected = m.version() + ".json";
                if (!file.getFileName().toString().equals(expected) || m.snapshot()) {
                    throw new ReleaseException(file + " holds " + m.label() + ": a released manifest is kept as "
                            + expected + " and is never a development build");
                }
                releases.add(m);
            }
        } catch (IOException e) {
            throw new ReleaseException("could not read the release history in " + folder + ": " + e.getMessage(), e);
        }
        return new ReleaseHistory(releases);
    }

    /** The newest release before {@code version}. */
    public Optional<ReleaseManifest> before(ReleaseVersion version) {
        return releases.stream().filter(r -> r.version().compareTo(version) < 0).reduce((a, b) -> b);
    }

    public Optional<ReleaseManifest> release(ReleaseVersion version) {
        return releases.stream().filter(r -> r.version().equals(version)).findFirst();
    }

    /** How the newest release that listed it deprecated {@code what}; empty when no release did. */
    public Optional<Deprecation> deprecation(Deprecation.Kind kind, String what) {
        return releases.reversed().stream().flatMap(r -> r.deprecations().stream())
                .filter(d -> d.kind() == kind && d.what().equals(what)).findFirst();
    }

    public Optional<ReleaseManifest> newest() {
        return releases.isEmpty() ? Optional.empty() : Optional.of(releases.getLast());
    }

    /**
     * The oldest release from which {@code version} is one step: the first release of the previous
     * minor of its major (for a new major, of the last minor of the previous major); failing that,
     * the first release of its own minor, a patch away.
     */
    public Optional<ReleaseVersion> oldestOneStepBefore(ReleaseVersion version) {
        List<ReleaseVersion> earlier = releases.stream().map(ReleaseManifest::version)
                .filter(v -> v.compareTo(version) < 0).toList();
        Optional<ReleaseVersion> previousLine = earlier.stream().filter(v -> !v.sameMinor(version)).reduce((a, b) -> b)
                .filter(line -> (line.major() == version.major() && line.minor() == version.minor() - 1)
                        || (line.major() == version.major() - 1 && version.minor() == 0));
        ReleaseVersion line = previousLine.orElse(version);
        return earlier.stream().filter(v -> v.sameMinor(line)).findFirst();
    }
}
