package io.cardea.ops.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A backup holds emails, password hashes and live tokens: the folders a backup creates are its
 * owner's only (0700), and so is every file it writes (0600), from the moment the file exists rather
 * than once it is complete. A folder that exists already keeps its permissions: the operator's choice.
 */
final class OwnerOnly {

    private static final FileAttribute<?> FOLDER = PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rwx------"));
    private static final FileAttribute<?> FILE = PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rw-------"));

    private OwnerOnly() {}

    /** The folder, with any missing parents, each created 0700. */
    static Path folder(Path path) throws IOException {
        return posix(path) ? Files.createDirectories(path, FOLDER) : Files.createDirectories(path);
    }

    /**
     * An empty file, 0600, for a tool or a writer to fill: writing into an existing file keeps its
     * permissions. A leftover of an interrupted run is replaced.
     */
    static Path emptyFile(Path path) throws IOException {
        Files.deleteIfExists(path);
        return posix(path) ? Files.createFile(path, FILE) : Files.createFile(path);
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
