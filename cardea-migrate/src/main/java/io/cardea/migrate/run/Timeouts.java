package io.cardea.migrate.run;

import io.cardea.migrate.MigrateSettings;
import java.sql.Connection;
import java.sql.SQLException;

/** Puts the migration's {@code lock_timeout} and {@code statement_timeout} on a session. */
final class Timeouts {

    private Timeouts() {}

    /** For the current transaction only ({@code SET LOCAL}). */
    static void forTransaction(Connection c, MigrateSettings settings) throws SQLException {
        set(c, settings, "SET LOCAL ");
    }

    /** For the session, for statements that run outside a transaction block. */
    static void forSession(Connection c, MigrateSettings settings) throws SQLException {
        set(c, settings, "SET ");
    }

    private static void set(Connection c, MigrateSettings settings, String how) throws SQLException {
        try (var st = c.createStatement()) {
            st.execute(how + "lock_timeout = '" + settings.lockTimeout().toMillis() + "ms'");
            st.execute(how + "statement_timeout = '" + settings.statementTimeout().toMillis() + "ms'");
        }
    }
}
