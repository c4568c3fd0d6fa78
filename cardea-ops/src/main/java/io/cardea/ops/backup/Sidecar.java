package io.cardea.ops.backup;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.SortedMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The small JSON file beside a dump ({@code FILE.json}) that says what the dump holds: the release
 * and schema it was taken from, when, its checksum, and the row count of every table. It is
 * written last, so a dump without one is an unfinished backup.
 *
 * @param postgresVersion the server's {@code server_version_num}, e.g. 150019
 * @param verification the last {@code backup verify} or {@code restore} check, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Sidecar(String format, String release, String takenAt, int postgresVersion, String dumpFile, long dumpBytes,
        String sha256, List<DatabaseContents.HistoryRow> history, SortedMap<String, Long> tables,
        Verification verification) {

    static final String FORMAT = "cardea-backup/1";
    // Fields in the order declared here, as the file has always had them; unknown ones (from a newer
    // release) ignored.
    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    /** @param at when it was checked; {@code ok} false with the {@code detail} of what differed */
    record Verification(String at, boolean ok, String detail) {}

    /** The time to record, to the second. */
    static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static Path of(Path dump) {
        return dump.resolveSibling(dump.getFileName() + ".json");
    }

    DatabaseContents contents() {
        return new DatabaseContents(history, tables);
    }

    Sidecar verified(Verification result) {
        return new Sidecar(format, release, takenAt, postgresVersion, dumpFile, dumpBytes, sha256, history, tables,
                result);
    }

    static Sidecar read(Path dump) {
        Path file = of(dump);
        if (!Files.isRegularFile(file)) {
            throw new BackupException("no sidecar " + file + " beside " + dump + ": it is not a finished Cardea "
                    + "backup (one interrupted while it was written has no sidecar)");
        }
        try {
            Sidecar sidecar = JSON.readValue(file.toFile(), Sidecar.class);
            if (!FORMAT.equals(sidecar.format())) {
                throw new BackupException(file + " is not a Cardea backup sidecar (format '" + sidecar.format()
                        + "', expected '" + FORMAT + "')");
            }
            return sidecar;
        } catch (JacksonException e) {
            throw new BackupException("could not read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes the sidecar of {@code dump} whole or not at all: a temporary file, then a rename. */
    void write(Path dump) {
        Path file = of(dump);
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try {
            OwnerOnly.emptyFile(partial);
            JSON.writeValue(partial.toFile(), this);
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | JacksonException e) {
            throw new BackupException("could not write " + file + ": " + e.getMessage(), e);
        }
    }
}
