package io.cardea.ops.plan;

import io.cardea.ops.release.ConfigChange;
import java.util.Optional;

/**
 * One edit to the operator's configuration file.
 *
 * @param line 1-based line of the file
 * @param after the line as it must read; empty when the line goes
 */
public record ConfigEdit(int line, String before, Optional<String> after, ConfigChange change) {

    public String describe() {
        return "line " + line + ": " + after.map(a -> "change  " + before + "  to  " + a)
                .orElse("remove  " + before) + "  (" + change.describe() + ")";
    }
}
