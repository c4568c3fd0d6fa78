package io.cardea.ops.backup;

import io.cardea.migrate.history.SchemaHistory;
import io.cardea.migrate.registry.InstanceRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a backup is checked against: the schema history and how many rows each table holds. Read
 * inside the transaction whose snapshot the dump is taken from, they describe the dump exactly.
 *
 * <p>The instance registry is left out: it describes running processes, not data, and a backup
 * carries none of its rows.
 */
record DatabaseContents(List<HistoryRow> history, SortedMap<String, Long> tables) {

    /** One row of the schema history, as far as a restore must give it back. */
    record HistoryRow(long version, String name, String phase, String checksum, String state) {
        String describe() {
            return "V" + version + " " + name + " (" + phase + ", " + state + ", checksum " + checksum + ")";
        }
    }

    static DatabaseContents read(Connection c) throws SQLException {
        SortedMap<String, Long> tables = new TreeMap<>();
        for (String table : tableNames(c)) {
            if (table.endsWith("." + InstanceRegistry.TABLE)) {
                continue;
            }
            try (var st = c.createStatement(); var rs = st.executeQuery("SELECT count(*) FROM " + table)) {
                rs.next();
                tables.put(table, rs.getLong(1));
            }
        }
        return new DatabaseContents(history(c), tables);
    }

    /** Every table outside PostgreSQL's own schemas, as {@code schema.table}, quoted where needed. */
    static List<String> tableNames(Connection c) throws SQLException {
        List<String> names = new ArrayList<>();
        try (var st = c.createStatement(); var rs = st.executeQuery("""
                SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema')
                   AND n.nspname NOT LIKE 'pg\\_%'
                 ORDER BY 1""")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    /** Whether the database has Cardea's schema history: whether it is a Cardea database. */
    static boolean holdsSchemaHistory(Connection c) throws SQLException {
        try (var st = c.createStatement(); var exists = st.executeQuery("SELECT to_regclass('" + SchemaHistory.TABLE
                + "') IS NOT NULL")) {
            exists.next();
            return exists.getBoolean(1);
        }
    }

    private static List<HistoryRow> history(Connection c) throws SQLException {
        List<HistoryRow> rows = new ArrayList<>();
        if (!holdsSchemaHistory(c)) {
            return rows;
        }
        try (var st = c.createStatement(); var rs = st.executeQuery("SELECT version, name, phase, checksum, state FROM "
                + SchemaHistory.TABLE + " ORDER BY version")) {
            while (rs.next()) {
                rows.add(new HistoryRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5)));
            }
        }
        return rows;
    }

    /** How {@code found} differs from this, one line a difference; empty when they agree. */
    List<String> differences(DatabaseContents found) {
        List<String> out = new ArrayList<>();
        if (!history.equals(found.history)) {
            out.add("schema history differs: the backup recorded " + describe(history) + "; found " + describe(found.history));
        }
        for (Map.Entry<String, Long> table : tables.entrySet()) {
            Long rows = found.tables.get(table.getKey());
            if (rows == null) {
                out.add("table " + table.getKey() + " is missing (the backup recorded " + table.getValue() + " rows)");
            } else if (!Objects.equals(rows, table.getValue())) {
                out.add("table " + table.getKey() + " has " + rows + " rows; the backup recorded " + table.getValue());
            }
        }
        for (String extra : found.tables.keySet()) {
            if (!tables.containsKey(extra)) {
                out.add("table " + extra + " is not in the backup");
            }
        }
        return out;
    }

    private static String describe(List<HistoryRow> rows) {
        return rows.isEmpty() ? "no migrations" : String.join(", ", rows.stream().map(HistoryRow::describe).toList());
    }
}
