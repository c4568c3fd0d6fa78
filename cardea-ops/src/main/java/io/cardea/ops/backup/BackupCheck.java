package io.cardea.ops.backup;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Proves a backup restores: its checksum, then a real {@code pg_restore} into a scratch database
 * beside the live one, whose schema history and row counts must be those the sidecar recorded.
 * The outcome is written into the sidecar, for {@code backup list}.
 */
final class BackupCheck {

    private BackupCheck() {}

    /** Throws {@link DamagedBackup} when the dump is not the one its sidecar describes, byte for byte. */
    static Sidecar intact(Path dump) {
        Sidecar sidecar = Sidecar.read(dump);
        String found = Backup.sha256(dump);
        if (!found.equals(sidecar.sha256())) {
            throw record(dump, sidecar, new DamagedBackup(dump + " is damaged: its SHA-256 is " + found
                    + ", the backup recorded " + sidecar.sha256() + " (a truncated copy or a changed byte)"));
        }
        return sidecar;
    }

    /** Verifies {@code dump} on the server of {@code dataSource}; returns its sidecar, updated. */
    static Sidecar verify(DataSource dataSource, Path dump, Path pgDump) {
        Sidecar sidecar = intact(dump);
        PgConnection live = PgConnection.of(dataSource);
        String scratch = "cardea_verify_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = dataSource.getConnection()) {
            PgClient client = PgClient.find(Backup.serverVersion(c) / 10000, pgDump);
            execute(c, "CREATE DATABASE " + scratch);
            try {
                PgConnection target = live.withDatabase(scratch);
                try {
                    PgProcess.run("restoring " + dump.getFileName() + " into a scratch database", target.environment(),
                            () -> {}, List.of(client.pgRestore().toString(), "--no-owner", "--exit-on-error",
                                    "--no-password", "--dbname=" + scratch, dump.toString()));
                } catch (BackupException e) {
                    throw record(dump, sidecar, new DamagedBackup(e.getMessage()));
                }
                return compare(target.dataSource(), dump, sidecar, "the restored copy");
            } finally {
                execute(c, "DROP DATABASE IF EXISTS " + scratch + " WITH (FORCE)");
            }
        } catch (SQLException e) {
            throw new BackupException("could not verify " + dump + " on " + live.host() + ":" + live.port()
                    + " (the database user needs the CREATEDB privilege for a scratch database): " + e.getMessage(), e);
        }
    }

    /**
     * Compares a database with the sidecar; throws {@link DamagedBackup} listing the differences,
     * or records success and returns the updated sidecar.
     */
    static Sidecar compare(DataSource database, Path dump, Sidecar sidecar, String what) {
        DatabaseContents found;
        try (Connection c = database.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            found = DatabaseContents.read(c);
            c.commit();
        } catch (SQLException e) {
            throw new BackupException("could not read " + what + ": " + e.getMessage(), e);
        }
        List<String> differences = sidecar.contents().differences(found);
        if (!differences.isEmpty()) {
            throw record(dump, sidecar, new DamagedBackup(what + " differs from what " + dump.getFileName()
                    + " recorded:\n  " + String.join("\n  ", differences)));
        }
        Sidecar checked = sidecar.verified(new Sidecar.Verification(Sidecar.now(), true,
                found.history().size() + " migrations, " + found.tables().size() + " tables, "
                        + found.tables().values().stream().mapToLong(Long::longValue).sum() + " rows"));
        checked.write(dump);
        return checked;
    }

    private static DamagedBackup record(Path dump, Sidecar sidecar, DamagedBackup failure) {
        sidecar.verified(new Sidecar.Verification(Sidecar.now(), false, failure.getMessage())).write(dump);
        return failure;
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (var st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
