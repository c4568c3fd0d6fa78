package io.cardea.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import javax.sql.DataSource;

/**
 * Where a run happened: figures from different machines, versions or server settings are not
 * comparable.
 *
 * @param postgresSettings the server settings that weigh most on the latencies, as {@code name=value}
 */
record Environment(Instant date, int cpus, long memoryBytes, String postgresVersion, String postgresSettings,
        String javaVersion) {

    /** Whether commits wait for the disk, and how much of the table fits in the server's cache. */
    private static final String SETTINGS = "'synchronous_commit', 'fsync', 'shared_buffers'";

    static Environment probe(DataSource dataSource) throws SQLException {
        var os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return new Environment(Instant.now().truncatedTo(ChronoUnit.SECONDS), Runtime.getRuntime().availableProcessors(),
                os.getTotalMemorySize(), postgres(dataSource, "SELECT current_setting('server_version')"),
                postgres(dataSource, "SELECT string_agg(name || '=' || current_setting(name), ', ' ORDER BY name) "
                        + "FROM pg_settings WHERE name IN (" + SETTINGS + ")"),
                System.getProperty("java.vm.vendor") + " " + Runtime.version());
    }

    double memoryGiB() {
        return memoryBytes / (double) (1L << 30);
    }

    private static String postgres(DataSource dataSource, String query) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(query)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
