package io.cardea.ops.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardea.server.TestServer;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A real Cardea server on the database: backed up while it serves, and no restore under it. */
@ExtendWith(PostgresExtension.class)
class RestoreWhileServingTest {

    @Test
    void aServingServerIsBackedUpButBlocksARestoreUntilItStops(TestDatabase db, @TempDir Path work) {
        TestServer.migrate(db);
        Path dump = work.resolve("serving.dump");
        String server;
        try (TestServer running = TestServer.start(db)) {
            server = running.url("");
            running.signUpAndIn("ada@example.com", "correct horse battery staple");

            assertThat(run(new BackupCommand(), db, "--to", dump.toString())).isZero();
            assertThat(Sidecar.read(dump).tables()).containsEntry("public.identities", 1L);

            var err = new StringWriter();
            assertThat(run(new RestoreCommand(), db, err, dump.toString())).isEqualTo(3);
            assertThat(err.toString()).contains("refusing to restore").contains(server + " (serving");
        }

        assertThat(run(new RestoreCommand(), db, dump.toString())).isZero();
        assertThat(Sidecar.read(dump).verification().ok()).isTrue();
    }

    private static int run(Object command, TestDatabase db, String... args) {
        return run(command, db, new StringWriter(), args);
    }

    private static int run(Object command, TestDatabase db, StringWriter err, String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(new String[] {"--database-url", db.jdbcUrl(), "--database-user", db.user()}, 0, all,
                args.length, 4);
        return new CommandLine(command).setOut(new PrintWriter(new StringWriter())).setErr(new PrintWriter(err))
                .execute(all);
    }
}
