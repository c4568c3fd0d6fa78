package io.cardea.migrate.run;

import io.cardea.migrate.MigrateSettings;
import java.sql.Connection;
import java.sql.SQLException;

/** Runs work in one transaction under the migration's timeouts: committed whole, or rolled back whole. */
final class Transaction {

    private Transaction() {}

    static <T> T run(Connection connection, MigrateSettings settings, LockRetry.Attempt<T> work) throws SQLException {
        connection.setAutoCommit(false);
        try {
            Timeouts.forTransaction(connection, settings);
            T result = work.run();
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }
}
