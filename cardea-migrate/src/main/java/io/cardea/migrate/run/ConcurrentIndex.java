package io.cardea.migrate.run;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Makes {@code CREATE INDEX CONCURRENTLY} safe to run again. When it fails or is killed part-way,
 * PostgreSQL leaves an INVALID index behind that takes write overhead and serves no query; a valid
 * index of that name means an earlier run finished the step.
 */
final class ConcurrentIndex {

    enum Existing { NONE, VALID, INVALID }

    private ConcurrentIndex() {}

    static Existing find(Connection c, String index) throws SQLException {
        try (var st = c.prepareStatement("SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass(?)")) {
            st.setString(1, quoted(index));
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return Existing.NONE;
                }
                return rs.getBoolean(1) ? Existing.VALID : Existing.INVALID;
            }
        }
    }

    /** Drops an invalid leftover without blocking traffic. */
    static void dropInvalid(Connection c, String index) throws SQLException {
        try (var st = c.createStatement()) {
            st.execute("DROP INDEX CONCURRENTLY IF EXISTS " + quoted(index));
        }
    }

    private static String quoted(String name) {
        StringBuilder out = new StringBuilder();
        for (String part : name.split("\\.")) {
            if (!out.isEmpty()) {
                out.append('.');
            }
            out.append('"').append(part.replace("\"", "\"\"")).append('"');
        }
        return out.toString();
    }
}
