package io.cardea.ops.backup;

import io.cardea.migrate.registry.InstanceRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.LongConsumer;
import javax.sql.DataSource;

/**
 * Takes one backup: a {@code pg_dump} custom-format archive of the database and its sidecar.
 *
 * <p>The row counts and the dump come from one snapshot: this transaction exports it, counts in
 * it, and {@code pg_dump --snapshot} dumps exactly what it sees, however busy the database is.
 * The dump is written under a temporary name and renamed once complete, then the sidecar, so an
 * interrupted backup never looks finished.
 */
final class Backup {

    private Backup() {}

    /**
     * @param pgDump the operator's choice of pg_dump, or null to search for one
     * @param written told the size of the dump so far, while it is written
     */
    static Sidecar take(DataSource dataSource, Path pgDump, Path target, String release, LongConsumer written) {
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            int serverVersion = serverVersion(c);
            PgClient client = PgClient.find(serverVersion / 10000, pgDump);
            String snapshot = single(c, "SELECT pg_export_snapshot()");
            DatabaseContents contents = DatabaseContents.read(c);
            OwnerOnly.folder(target.toAbsolutePath().getParent());
            OwnerOnly.emptyFile(partial); // pg_dump writes into it, and it keeps its 0600
            PgProcess.run("pg_dump of the database", PgConnection.of(dataSource).environment(),
                    () -> written.accept(sizeOf(partial)),
                    List.of(client.pgDump().toString(), "--format=custom", "--snapshot=" + snapshot, "--no-password",
                            "--exclude-table-data=*." + InstanceRegistry.TABLE, "--file=" + partial));
            c.commit();
            written.accept(sizeOf(partial));
            try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
                channel.force(true); // on disk before it gets its final name
            }
            String sha256 = sha256(partial);
            long bytes = Files.size(partial);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            var sidecar = new Sidecar(Sidecar.FORMAT, release, Sidecar.now(), serverVersion,
                    target.getFileName().toString(), bytes, sha256, contents.history(), contents.tables(), null);
            sidecar.write(target);
            return sidecar;
        } catch (SQLException e) {
            throw new BackupException("could not read the database to back it up: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new BackupException("could not write " + target + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException e) {
                // Left behind, it is plainly unfinished by its name; the next backup replaces it.
            }
        }
    }

    static int serverVersion(Connection c) throws SQLException {
        return Integer.parseInt(single(c, "SHOW server_version_num"));
    }

    private static String single(Connection c, String sql) throws SQLException {
        try (var st = c.createStatement(); var rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new BackupException("could not read " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
