package io.cardea;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PostgresExtension.class)
class CardeaServeTest {

    record Outcome(int exitCode, String out, String err) {}

    @Test
    void serveAndDevExplainThemselves() {
        Outcome serve = run("serve", "--help");
        assertThat(serve.exitCode()).isZero();
        assertThat(serve.out()).contains("--port", "--bind", "--database-url", "CARDEA_DATABASE_PASSWORD",
                "cardea migrate up");

        Outcome dev = run("dev", "--help");
        assertThat(dev.exitCode()).isZero();
        assertThat(dev.out()).contains("--port", "--data-dir", "embedded PostgreSQL");

        // A command line that names a command reads only that one; one that names none, or help, reads all.
        assertThat(run("--help").out()).contains("serve", "dev", "migrate", "upgrade", "backup", "gateway", "deploy");
        assertThat(run("help", "dev").out()).contains("--data-dir");
        assertThat(run("serve", "--no-such-option").err()).contains("Unknown option: '--no-such-option'",
                "Usage: cardea serve");
    }

    @Test
    void serveRefusesASchemaThatIsBehindAndSaysWhatToRun(TestDatabase db) {
        Outcome o = run("serve", "--database-url", db.jdbcUrl(), "--database-user", db.user(), "--port", "0");

        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.err()).contains("cardea: refusing to start", "V1 identities", "`cardea migrate up`")
                .doesNotContain("Exception");
    }

    @Test
    void serveWithAnUnreachableDatabaseSaysSo() {
        Outcome o = run("serve", "--database-url", "jdbc:postgresql://127.0.0.1:1/cardea", "--port", "0");

        assertThat(o.exitCode()).isEqualTo(1);
        assertThat(o.err()).contains("cardea: could not read the schema history")
                .contains("Check that the database is reachable");
    }

    @Test
    void serveWithoutADatabaseSaysHowToGiveOne() {
        Outcome o = run("serve", "--database-url", "");

        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err()).contains("CARDEA_DATABASE_URL", "cardea dev");
    }

    @Test
    void serveRefusesAnotherDatabaseUrlWithoutPrintingItsPassword() {
        Outcome o = run("serve", "--database-url", "jdbc:mysql://cardea:hunter22@db.internal/cardea");

        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.err()).contains("must be a PostgreSQL JDBC URL", "jdbc:mysql://***@db.internal/cardea")
                .doesNotContain("hunter22");
    }

    private static Outcome run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        var outBytes = new ByteArrayOutputStream();
        var errBytes = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
            int code = Cardea.run(args);
            return new Outcome(code, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
