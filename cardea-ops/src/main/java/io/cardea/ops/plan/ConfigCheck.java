package io.cardea.ops.plan;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The operator's configuration file checked against the keys the target renamed or removed.
 *
 * @param edits the edits the file needed
 * @param copy where {@code --fix-config} kept the file as it was; present once the edits are made
 */
public record ConfigCheck(Path file, List<ConfigEdit> edits, Optional<Path> copy) {

    /** Edits still to make before the target may start. */
    public List<ConfigEdit> pending() {
        return copy.isPresent() ? List.of() : edits;
    }
}
