package io.cardea.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * The table the benchmark migrates. It is created with plain SQL rather than as a migration because
 * its size comes from {@code --rows}, and a migration file must not change between runs.
 */
final class AccountTable {

    static final String NAME = "bench_accounts";

    private AccountTable() {}

    /** Creates the table with ids 1 to {@code rows}, then vacuums it so the load starts on a settled table. */
    static void create(DataSource dataSource, long rows) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE " + NAME + " (id bigint PRIMARY KEY, email text NOT NULL, "
                    + "balance bigint NOT NULL, updated_at timestamptz NOT NULL)");
            // Balances spread over 0..99999 so the backfill's tiers are mixed, not one value.
            try (PreparedStatement fill = c.prepareStatement("INSERT INTO " + NAME
                    + " SELECT g, 'user' || g || '@example.com', (g * 7919) % 100000, now()"
                    + " FROM generate_series(1, ?) g")) {
                fill.setLong(1, rows);
                fill.executeUpdate();
            }
            st.execute("VACUUM ANALYZE " + NAME);
        }
    }
}
