package io.cardea.bench;

import io.cardea.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Keeps the embedded PostgreSQL of a {@code cardea dev} data folder running on its own, so that a
 * Cardea process can be started and stopped against a database that is already up, as an operator's
 * is. Prints the port, then runs until its standard input is closed.
 *
 * <pre>java -cp 'bench/target/lib/*' io.cardea.bench.RunningDatabase DATA_DIR/postgres</pre>
 */
public final class RunningDatabase {

    private RunningDatabase() {
    }

    public static void main(String[] args) throws IOException {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start(Path.of(args[0]))) {
            System.out.println(postgres.port());
            System.out.flush();
            while (System.in.read() >= 0) {
                // Until the caller closes the pipe (or goes away).
            }
        }
    }
}
