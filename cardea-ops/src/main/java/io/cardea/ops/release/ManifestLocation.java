package io.cardea.ops.release;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
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

    /**
     * The manifest of the release this code belongs to, as its build put it on the class path. When
     * several jars carry one (a release built from another plus a jar of its own), the newest version
     * is the release, wherever that jar stands on the class path.
     */
    public static ReleaseManifest running(ClassLoader loader) {
        Optional<ReleaseManifest> newest = Optional.empty();
        try {
            for (URL url : Collections.list(loader.getResources(ReleaseManifest.RESOURCE))) {
                try (InputStream in = url.openStream()) {
                    newest = newer(newest, ManifestJson.read(new String(in.readAllBytes(), StandardCharsets.UTF_8),
                            "this release's manifest"));
                }
            }
        } catch (IOException e) {
            throw new ReleaseException("could not read this release's manifest: " + e.getMessage(), e);
        }
        return newest.orElseThrow(() -> new ReleaseException("this Cardea carries no release manifest ("
                + ReleaseManifest.RESOURCE + "): it was not built as a distribution. Give the release by its "
                + "manifest instead (cardea upgrade plan: --from or --to MANIFEST)"));
    }

    /** The manifest of a release folder: of the jars in its {@code lib/} that carry one, the newest version's. */
    private static ReleaseManifest fromFolder(Path folder) {
        Path lib = Files.isDirectory(folder.resolve("lib")) ? folder.resolve("lib") : folder;
        List<Path> jars;
        try (Stream<Path> files = Files.list(lib)) {
            jars = files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            throw new ReleaseException("could not list " + lib + ": " + e.getMessage(), e);
        }
        Optional<ReleaseManifest> newest = Optional.empty();
        for (Path jar : jars) {
            Optional<ReleaseManifest> manifest = fromJar(jar);
            if (manifest.isPresent()) {
                newest = newer(newest, manifest.get());
            }
        }
        return newest.orElseThrow(() -> new ReleaseException(folder + " holds no Cardea release: none of the jars in "
                + lib + " carries " + ReleaseManifest.RESOURCE));
    }

    private static Optional<ReleaseManifest> newer(Optional<ReleaseManifest> soFar, ReleaseManifest found) {
        return soFar.isPresent() && soFar.get().version().compareTo(found.version()) >= 0 ? soFar : Optional.of(found);
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
