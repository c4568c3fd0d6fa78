package io.cardea.ops.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The folder backups are kept in: the finished backups in it, newest first, and their retention. */
record BackupFolder(Path path) {

    /** A finished backup: its dump and what its sidecar says. */
    record Entry(Path dump, Sidecar sidecar) {}

    /** Every dump in the folder with a readable Cardea sidecar, newest first. */
    List<Entry> backups() {
        if (!Files.isDirectory(path)) {
            return List.of();
        }
        List<Entry> entries = new ArrayList<>();
        try (Stream<Path> files = Files.list(path)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).toList()) {
                String name = file.getFileName().toString();
                Path dump = file.resolveSibling(name.substring(0, name.length() - ".json".length()));
                if (Files.isRegularFile(dump)) {
                    try {
                        entries.add(new Entry(dump, Sidecar.read(dump)));
                    } catch (BackupException notOurs) {
                        // Some other JSON file beside a file of the same name: not a Cardea backup.
                    }
                }
            }
        } catch (IOException e) {
            throw new BackupException("could not list " + path + ": " + e.getMessage(), e);
        }
        entries.sort(Comparator.comparing((Entry e) -> Instant.parse(e.sidecar().takenAt())).reversed());
        return entries;
    }

    /** Deletes all but the newest {@code keep} backups; returns the dumps deleted. */
    List<Path> keepNewest(int keep) {
        List<Entry> all = backups();
        List<Path> deleted = new ArrayList<>();
        for (Entry old : all.subList(Math.min(keep, all.size()), all.size())) {
            try {
                // The sidecar first: a dump left without one is plainly not a finished backup.
                Files.deleteIfExists(Sidecar.of(old.dump()));
                Files.deleteIfExists(old.dump());
                deleted.add(old.dump());
            } catch (IOException e) {
                throw new BackupException("could not delete the old backup " + old.dump() + ": " + e.getMessage(), e);
            }
        }
        return deleted;
    }
}
