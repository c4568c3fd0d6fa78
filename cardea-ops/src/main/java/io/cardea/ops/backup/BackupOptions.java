package io.cardea.ops.backup;

import io.cardea.migrate.cli.DatabaseOptions;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The database backed up or restored, where backups are kept, and which pg_dump takes and restores them. */
final class BackupOptions {

    @Mixin
    DatabaseOptions database;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "${env:CARDEA_BACKUP_DIR}",
            description = "Folder of the backups (env CARDEA_BACKUP_DIR; default: backups/ in the embedded "
                    + "PostgreSQL's folder with --embedded, else ./backups).")
    Path dir;

    @Option(names = "--pg-dump", paramLabel = "PATH", defaultValue = "${env:CARDEA_PG_DUMP}",
            description = "The pg_dump to use; pg_restore and psql are taken from beside it. It must be of the "
                    + "database server's major version (env CARDEA_PG_DUMP; default: the first such pg_dump on PATH "
                    + "or in /usr/lib/postgresql/*/bin).")
    Path pgDump;

    Path folder() {
        if (dir != null) {
            return dir;
        }
        return database.embeddedDirectory().map(d -> d.resolve("backups")).orElse(Path.of("backups"));
    }
}
