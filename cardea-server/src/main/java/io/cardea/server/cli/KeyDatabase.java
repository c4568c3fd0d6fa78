package io.cardea.server.cli;

import io.cardea.migrate.cli.DatabaseOptions;
import io.cardea.server.keys.MissingSecret;
import io.cardea.server.keys.RotationRefused;
import io.cardea.server.keys.SystemSecret;
import io.cardea.server.keys.UnknownKey;
import java.io.PrintWriter;
import javax.sql.DataSource;

/**
 * What {@code cardea keys} and {@code cardea secrets} work on: the servers' database and their system
 * secret, read from {@code CARDEA_SECRETS_SYSTEM} only (never the command line, where {@code ps}
 * would show it). A refusal is printed as one line that says what to do.
 */
final class KeyDatabase {

    private KeyDatabase() {}

    interface Work {
        int run(DataSource dataSource, SystemSecret secret);
    }

    static int run(DatabaseOptions options, PrintWriter err, Work work) throws Exception {
        try (DatabaseOptions.Database db = options.open()) {
            return work.run(db.dataSource(), new SystemSecret(System.getenv("CARDEA_SECRETS_SYSTEM")));
        } catch (RotationRefused | MissingSecret | UnknownKey e) {
            err.println("cardea: " + e.getMessage());
            return 1;
        }
    }
}
