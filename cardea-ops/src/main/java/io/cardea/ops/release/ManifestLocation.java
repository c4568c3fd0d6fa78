package io.cardea.ops.release;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipException;

/**
 * Where a release's manifest is found: a manifest file, a jar that carries one, or a release folder
 * (an unpacked distribution, whose {@code lib/} holds the jar that carries it).
 */
public final class ManifestLocation {

    private ManifestLocation() {}

    public static ReleaseManifest read(Path path) {
        if (Files.isDirectory(path)) {
            return fromFolder(path);
        }
        if (!Files.isRegularFile(path)) {
            throw new ReleaseException(path + " does not exist: give a release manifest (.json), a Cardea jar, or "
                    + "the folder of an unpacked Cardea release");
        }
        if (path.getFileName().toString().endsWith(".jar")) {
            return fromJar(path).orElseThrow(() -> new ReleaseException(path + " carries no release manifest ("
                    + ReleaseManifest.RESOURCE + "): give the cardea-dist jar, or the release folder"));
        }
        try {
            return ManifestJson.read(Files.readString(path, StandardCharsets.UTF_8), path.toString());
        } catch (IOException e) {
            throw new ReleaseException("could not read " + path + ": " + e.getMessage(), e);
        }
    }

    /** The manifest of the release this code belongs to, as its build put it on the class path. */
    public static ReleaseManifest running(ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream(ReleaseManifest.RESOURCE)) {
            if (in == null) {
                throw new ReleaseException("this Cardea carries no release manifest (" + ReleaseManifest.RESOURCE
                        + "): it was not built as a distribution. Give the running release with --from MANIFEST");
            }
            return ManifestJson.read(new String(in.readAllBytes(), StandardCharsets.UTF_8), "this release's manifest");
        } catch (IOException e) {
            throw new ReleaseException("could not read this release's manifest: " + e.getMessage(), e);
        }
    }

    /**
     * The jar of a release folder that carries its manifest. When several do (a release built from
     * another plus a jar of its own), the newest version wins; the supervisor puts that jar first on
     * the class path, so the release's own code reads the same manifest.
     */
    public static Path manifestJar(Path folder) {
        return carrier(folder).jar();
    }

    private static ReleaseManifest fromFolder(Path folder) {
        return carrier(folder).manifest();
    }

    private record Carrier(Path jar, ReleaseManifest manifest) {}

    private static Carrier carrier(Path folder) {
        Path lib = Files.isDirectory(folder.resolve("lib")) ? folder.resolve("lib") : folder;
        List<Path> jars;
        try (Stream<Path> files = Files.list(lib)) {
            jars = files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new ReleaseException("could not list " + lib + ": " + e.getMessage(), e);
        }
        Optional<Carrier> newest = Optional.empty();
        for (Path jar : jars) {
            var manifest = fromJar(jar);
            if (manifest.isPresent() && (newest.isEmpty()
                    || manifest.get().version().compareTo(newest.get().manifest().version()) > 0)) {
                newest = Optional.of(new Carrier(jar, manifest.get()));
            }
        }
        return newest.orElseThrow(() -> new ReleaseException(folder + " holds no Cardea release: none of the jars in "
                + lib + " carries " + ReleaseManifest.RESOURCE));
    }

    private static Optional<ReleaseManifest> fromJar(Path path) {
        try (JarFile jar = new JarFile(path.toFile())) {
            var entry = jar.getEntry(ReleaseManifest.RESOURCE);
            if (entry == null) {
                return Optional.empty();
            }
            try (InputStream in = jar.getInputStream(entry)) {
                return Optional.of(ManifestJson.read(new String(in.readAllBytes(), StandardCharsets.UTF_8),
                        path + "!/" + ReleaseManifest.RESOURCE));
            }
        } catch (ZipException e) {
            throw new ReleaseException(path + " is not a readable jar: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ReleaseException("could not read " + path + ": " + e.getMessage(), e);
        }
    }
}
