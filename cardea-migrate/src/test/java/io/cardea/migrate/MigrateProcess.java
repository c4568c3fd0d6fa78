package io.cardea.migrate;

import io.cardea.migrate.script.MigrationSource;
import java.nio.file.Path;
import org.postgresql.ds.PGSimpleDataSource;

/** Runs {@code up} in a process of its own, so a test can kill it with SIGKILL part-way. */
public final class MigrateProcess {

    private MigrateProcess() {}

    /** Arguments: JDBC URL, user, schema, migration folder. */
    public static void main(String[] args) {
        var ds = new PGSimpleDataSource();
        ds.setURL(args[0]);
        ds.setUser(args[1]);
        ds.setCurrentSchema(args[2]);
        Migrator.configure().dataSource(ds).migrations(MigrationSource.fromDirectory(Path.of(args[3]))).load().up();
    }

    static Process start(Scratch s) throws java.io.IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), MigrateProcess.class.getName(),
                s.db.jdbcUrl(), s.db.user(), s.schema, s.folder.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }
}
