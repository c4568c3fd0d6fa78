package io.cardea.server.schema;

import io.cardea.migrate.MigrationState;
import io.cardea.migrate.MigrationStatus;
import io.cardea.migrate.StatusReport;
import io.cardea.migrate.script.Phase;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a database's schema is one this release can run on: every expand migration the release
 * ships is applied, and no contract migration the release does not know has removed what it needs.
 *
 * @param missingExpand this release's expand migrations not applied yet, as {@code V<n> <name>}
 * @param unknownContract contract migrations applied by a newer release, as {@code V<n> <name>}
 */
public record SchemaRange(List<String> missingExpand, List<String> unknownContract) {

    public static SchemaRange of(StatusReport report) {
        List<String> missing = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (MigrationStatus m : report.migrations()) {
            if (m.phase() == Phase.EXPAND && m.state().needsRun()) {
                missing.add(label(m));
            } else if (m.phase() == Phase.CONTRACT && m.state() == MigrationState.UNKNOWN) {
                unknown.add(label(m));
            }
        }
        return new SchemaRange(List.copyOf(missing), List.copyOf(unknown));
    }

    public boolean fits() {
        return missingExpand.isEmpty() && unknownContract.isEmpty();
    }

    /** What is wrong and what to run, for an operator; empty when the schema fits. */
    public String problem() {
        List<String> parts = new ArrayList<>();
        if (!missingExpand.isEmpty()) {
            parts.add("the database schema is behind this release: expand migration(s) "
                    + String.join(", ", missingExpand) + " not applied. Run `cardea migrate up` against this "
                    + "database (the previous release keeps serving meanwhile), then start this release again.");
        }
        if (!unknownContract.isEmpty()) {
            parts.add("the database has contract migration(s) " + String.join(", ", unknownContract)
                    + " applied that this release does not know: a newer release removed what this one needs. "
                    + "Run the newer release; `cardea migrate status` shows who applied them.");
        }
        return String.join(" Also, ", parts);
    }

    private static String label(MigrationStatus m) {
        return "V" + m.version() + " " + m.name();
    }
}
