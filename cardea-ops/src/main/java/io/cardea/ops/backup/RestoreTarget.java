package io.cardea.ops.backup;

import io.cardea.migrate.history.SchemaHistory;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * A restore drops every schema of the database it is pointed at, so it goes ahead only on a Cardea
 * database (one with the schema history) or on an empty one (no table outside PostgreSQL's own
 * schemas): a mistyped database URL must not cost another application its data.
 */
final class RestoreTarget {

    private static final int NAMED = 5;

    private RestoreTarget() {}

    /** Throws, saying what the database holds, unless it is Cardea's or empty. */
    static void check(Connection c, String description) throws SQLException {
        if (DatabaseContents.holdsSchemaHistory(c)) {
            return;
        }
        List<String> tables = DatabaseContents.tableNames(c);
        if (tables.isEmpty()) {
            return;
        }
        throw new BackupException("refusing to restore into " + description + ": it is not a Cardea database (no "
                + SchemaHistory.TABLE + " table) and it holds " + tables.size() + " table(s) ("
                + String.join(", ", tables.subList(0, Math.min(NAMED, tables.size())))
                + (tables.size() > NAMED ? ", ..." : "") + "), which a restore would drop with every schema. Nothing "
                + "was changed. Point the command at Cardea's database, or at an empty one");
    }
}
