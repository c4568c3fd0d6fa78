package io.cardea.migrate.run;

import io.cardea.migrate.MigrateSettings;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/** Puts the migration's {@code lock_timeout} and {@code statement_timeout} on a session. */
final class Timeouts {

    private Timeouts() {}

    /** For the current transaction only ({@code SET LOCAL}). */
    static void forTransaction(Connection c, MigrateSettings settings) throws SQLException {
        set(c, "SET LOCAL ", settings.lockTimeout(), settings.statementTimeout());
    }

    /**
     * For a statement that cannot run in a transaction block ({@code CREATE INDEX CONCURRENTLY},
     * {@code VACUUM}...): no lock timeout. Its lock blocks no reads or writes, so waiting for it
     * cannot stall traffic; but a concurrent build waits for every older transaction at its very
     * end, and timing out there throws the whole build away — on a busy database, again and again.
     */
    static void forConcurrentStatement(Connection c, MigrateSettings settings) throws SQLException {
        set(c, "SET ", Duration.ZERO, settings.statementTimeout());
    }

    private static void set(Connection c, String how, Duration lockTimeout, Duration statementTimeout)
            throws SQLException {
        try (var st = c.createStatement()) {
            st.execute(how + "lock_timeout = '" + lockTimeout.toMillis() + "ms'");
            st.execute(how + "statement_timeout = '" + statementTimeout.toMillis() + "ms'");
        }
    }
}
