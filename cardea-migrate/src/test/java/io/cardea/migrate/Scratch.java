package io.cardea.migrate;

import io.cardea.migrate.script.MigrationSource;
import io.cardea.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A schema of its own on the test class's database, and a folder of migration files, so every
 * test starts from nothing without a new database each time.
 */
final class Scratch {

    private static final AtomicInteger SCHEMAS = new AtomicInteger();

    final TestDatabase db;
    final String schema;
    final Path folder;
    final PGSimpleDataSource dataSource;

    Scratch(TestDatabase db) {
        this.db = db;
        this.schema = "s" + SCHEMAS.incrementAndGet();
        try {
            this.folder = Files.createTempDirectory("cardea-migrations");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sql("CREATE SCHEMA " + schema);
        this.dataSource = (PGSimpleDataSource) db.dataSource();
        dataSource.setCurrentSchema(schema);
    }

    Scratch file(String name, String content) {
        try {
            Files.writeString(folder.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    Migrator.Builder migrator() {
        return Migrator.configure().dataSource(dataSource).migrations(MigrationSource.fromDirectory(folder));
    }

    Migrator load() {
        return migrator().load();
    }

    DataSource dataSource() {
        return dataSource;
    }

    Connection connect() throws SQLException {
        return dataSource.getConnection();
    }

    /** Runs SQL on the database (default schema), for setup. */
    void sql(String statement) {
        try (Connection c = db.connect(); var st = c.createStatement()) {
            st.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(statement, e);
        }
    }

    /** Runs SQL in the scratch schema. */
    void exec(String statement) {
        try (Connection c = connect(); var st = c.createStatement()) {
            st.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(statement, e);
        }
    }

    /** First column of every row, as strings. */
    List<String> query(String sql) {
        try (Connection c = connect(); var st = c.createStatement(); var rs = st.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    String one(String sql) {
        List<String> rows = query(sql);
        return rows.isEmpty() ? null : rows.getFirst();
    }

    /** Tables, columns, indexes (with validity) and constraints of the schema: what a migration can change. */
    List<String> catalog() {
        return query("""
                SELECT 'table ' || c.relname || ' ' || c.relkind::text FROM pg_class c
                  JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema()
                UNION ALL
                SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable
                  || ' ' || coalesce(column_default, '') FROM information_schema.columns
                 WHERE table_schema = current_schema()
                UNION ALL
                SELECT 'index ' || indexrelid::regclass || ' valid=' || indisvalid FROM pg_index
                 WHERE indrelid IN (SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                                     WHERE n.nspname = current_schema())
                UNION ALL
                SELECT 'constraint ' || conname || ' ' || convalidated FROM pg_constraint
                 WHERE connamespace = current_schema()::regnamespace
                ORDER BY 1""");
    }
}
