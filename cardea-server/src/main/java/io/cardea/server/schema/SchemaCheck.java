package io.cardea.server.schema;

import io.cardea.migrate.Migrator;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;

/**
 * Compares the database with the migrations this release ships. It reads the schema history over
 * a connection of its own rather than from the pool: the migration engine labels its connections
 * (application_name), and a pooled connection would keep that label while serving requests.
 */
public final class SchemaCheck {

    private final Migrator migrator;

    public SchemaCheck(DataSourceProperties database) {
        this.migrator = Migrator.configure().dataSource(unpooled(database)).releaseMigrations().load();
    }

    /** Reads the schema history now. Throws {@link io.cardea.migrate.MigrationException} if the database fails. */
    public SchemaRange check() {
        return SchemaRange.of(migrator.status());
    }

    private static DataSource unpooled(DataSourceProperties database) {
        var ds = new PGSimpleDataSource();
        ds.setURL(database.determineUrl());
        if (database.determineUsername() != null) {
            ds.setUser(database.determineUsername());
        }
        if (database.determinePassword() != null) {
            ds.setPassword(database.determinePassword());
        }
        ds.setConnectTimeout(5);
        ds.setSocketTimeout(10);
        return ds;
    }
}
