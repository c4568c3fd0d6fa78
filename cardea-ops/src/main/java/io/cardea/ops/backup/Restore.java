package io.cardea.ops.backup;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Puts a backup back into the Cardea database, whole or not at all: every schema of the database
 * is dropped and the dump's objects and rows are created again, in one transaction (pg_restore's
 * script run by psql), so objects made after the backup do not survive it and a failure changes
 * nothing. Then the database is checked against the sidecar, as {@code backup verify} checks its
 * scratch copy. A database that is neither Cardea's nor empty is refused ({@link RestoreTarget}).
 */
final class Restore {

    private Restore() {}

    static Sidecar run(DataSource dataSource, Path dump, Path pgDump) {
        Sidecar sidecar = BackupCheck.intact(dump);
        PgConnection target = PgConnection.of(dataSource);
        String where = target.host() + ":" + target.port() + "/" + target.database();
        try (Connection c = dataSource.getConnection()) {
            RestoreTarget.check(c, where);
            PgClient client = PgClient.find(Backup.serverVersion(c) / 10000, pgDump);
            String prelude = String.join("\n", dropSchemas(c));
            PgProcess.run("restoring " + dump.getFileName(), target.environment(), () -> {},
                    List.of(client.pgRestore().toString(), "--clean", "--if-exists", "--no-owner", "--file=-",
                            dump.toString()),
                    List.of(client.psql().toString(), "--no-psqlrc", "--quiet", "--no-password", "--single-transaction",
                            "--set=ON_ERROR_STOP=1", "--command=" + prelude, "--file=-"));
        } catch (SQLException e) {
            throw new BackupException("could not restore into " + where + ": " + e.getMessage(), e);
        }
        return BackupCheck.compare(dataSource, dump, sidecar, "the restored database");
    }

    /** Drops every schema of the database (public is made again, empty) before the dump recreates its own. */
    private static List<String> dropSchemas(Connection c) throws SQLException {
        List<String> statements = new ArrayList<>();
        try (var st = c.createStatement(); var rs = st.executeQuery("""
                SELECT quote_ident(nspname), nspname = 'public' FROM pg_namespace
                 WHERE nspname NOT IN ('pg_catalog', 'information_schema') AND nspname NOT LIKE 'pg\\_%'""")) {
            while (rs.next()) {
                statements.add("DROP SCHEMA " + rs.getString(1) + " CASCADE;");
                if (rs.getBoolean(2)) {
                    statements.add("CREATE SCHEMA public;");
                }
            }
        }
        return statements;
    }
}
