package io.cardea.ops.backup;

import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.postgresql.ds.common.BaseDataSource;

/**
 * Where PostgreSQL's own tools (pg_dump, pg_restore, psql) connect: the same server, database
 * and credentials as the command's JDBC connection. They get them through the environment, so a
 * password never shows on a command line.
 */
record PgConnection(String host, int port, String database, String user, String password, String sslMode) {

    static PgConnection of(DataSource dataSource) {
        if (!(dataSource instanceof BaseDataSource ds)) {
            throw new IllegalStateException("not a PostgreSQL data source: " + dataSource.getClass().getName());
        }
        return new PgConnection(ds.getServerNames()[0], ds.getPortNumbers()[0] == 0 ? 5432 : ds.getPortNumbers()[0],
                ds.getDatabaseName(), ds.getUser(), ds.getPassword(), ds.getSslMode());
    }

    PgConnection withDatabase(String other) {
        return new PgConnection(host, port, other, user, password, sslMode);
    }

    /** The libpq environment variables for this connection. */
    Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("PGHOST", host);
        env.put("PGPORT", Integer.toString(port));
        env.put("PGDATABASE", database);
        if (user != null) {
            env.put("PGUSER", user);
        }
        if (password != null) {
            env.put("PGPASSWORD", password);
        }
        if (sslMode != null) {
            env.put("PGSSLMODE", sslMode);
        }
        return env;
    }

    DataSource dataSource() {
        var ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {host});
        ds.setPortNumbers(new int[] {port});
        ds.setDatabaseName(database);
        ds.setUser(user);
        ds.setPassword(password);
        if (sslMode != null) {
            ds.setSslMode(sslMode);
        }
        return ds;
    }
}
