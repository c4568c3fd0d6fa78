package io.cardea.migrate.registry;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.sql.DataSource;

/**
 * The features that have switched on fleet-wide, in {@value #TABLE}: the servers write a row when
 * every live instance honours a feature, {@code cardea upgrade rollback} reads them before going back
 * and deletes those it switches off. The table comes with the servers' migration V10; on an older
 * schema there is none, and nothing has switched on.
 */
public final class SwitchedOnFeatures {

    public static final String TABLE = "fleet_features";

    /**
     * One switched-on feature.
     *
     * @param requiresRelease the first release that honours it
     * @param withoutIt what a release before that does instead: what going back below it loses
     * @param by the instance that switched it on, and its release
     */
    public record SwitchedOn(String name, String requiresRelease, String withoutIt, Instant at, String by) {

        /** Whether {@code release} is older than the one this feature needs. */
        public boolean notHonouredBy(String release) {
            return RunningRelease.compare(release, requiresRelease) < 0;
        }
    }

    private final DataSource dataSource;

    public SwitchedOnFeatures(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Every switched-on feature, by name; none when the schema predates the table. */
    public List<SwitchedOn> list() throws SQLException {
        List<SwitchedOn> on = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            if (!InstanceRegistry.tableExists(c, TABLE)) {
                return on;
            }
            try (var st = c.prepareStatement("SELECT name, requires_release, without_it, switched_on_at, switched_on_by "
                    + "FROM " + TABLE + " ORDER BY name");
                    var rs = st.executeQuery()) {
                while (rs.next()) {
                    on.add(new SwitchedOn(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getTimestamp(4).toInstant(), rs.getString(5)));
                }
            }
        }
        return on;
    }

    /** The switched-on features that {@code release} does not honour. */
    public List<SwitchedOn> notHonouredBy(String release) throws SQLException {
        return list().stream().filter(f -> f.notHonouredBy(release)).toList();
    }

    /**
     * Records that a feature switched on. The first record stays: returns false when another
     * instance recorded it first.
     */
    public boolean switchOn(String name, String requiresRelease, String withoutIt, String by) throws SQLException {
        try (Connection c = dataSource.getConnection();
                var st = c.prepareStatement("INSERT INTO " + TABLE + " (name, requires_release, without_it, switched_on_by) "
                        + "VALUES (?, ?, ?, ?) ON CONFLICT (name) DO NOTHING")) {
            st.setString(1, name);
            st.setString(2, requiresRelease);
            st.setString(3, withoutIt);
            st.setString(4, by);
            return st.executeUpdate() == 1;
        }
    }

    /** Forgets that these features switched on: they switch on again once the fleet honours them again. */
    public void switchOff(Collection<String> names) throws SQLException {
        if (names.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection();
                var st = c.prepareStatement("DELETE FROM " + TABLE + " WHERE name = ANY (?)")) {
            st.setArray(1, c.createArrayOf("text", names.toArray()));
            st.executeUpdate();
        }
    }
}
