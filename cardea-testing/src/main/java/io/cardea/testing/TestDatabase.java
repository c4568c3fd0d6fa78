package io.cardea.testing;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** A database of its own for one test class, on the test run's PostgreSQL server. */
public record TestDatabase(String name, String host, int port, String user, int serverMajorVersion) {

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + name;
    }

    public DataSource dataSource() {
        var ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {host});
        ds.setPortNumbers(new int[] {port});
        ds.setDatabaseName(name);
        ds.setUser(user);
        return ds;
    }

    public Connection connect() throws SQLException {
        return dataSource().getConnection();
    }
}
