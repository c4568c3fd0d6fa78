package io.cardea;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardea.migrate.Migrator;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code cardea keys} in its own process, with the system secret in its environment as an operator runs it. */
@ExtendWith(PostgresExtension.class)
class KeysCommandLineTest {

    private static final String SECRET = "a-test-system-secret-of-32-characters-or-more";

    @Test
    void rotatesOnlyOnceTheNextKeyWasPublishedLongEnoughUnlessToldNow(TestDatabase db) throws Exception {
        Migrator.configure().dataSource(db.dataSource()).releaseMigrations().load().up();

        CommandLineRun refused = keys(db, "rotate");
        assertThat(refused.exitCode()).as(refused.err()).isEqualTo(1);
        assertThat(refused.err()).contains("relying parties may not have fetched it").contains("--now");

        CommandLineRun rotated = keys(db, "rotate", "--now");
        assertThat(rotated.exitCode()).as(rotated.err()).isZero();
        assertThat(rotated.out()).contains("signs now");

        CommandLineRun list = keys(db, "list");
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out().lines().skip(1).map(l -> l.split("\\s+")[1]))
                .containsExactly("active", "next", "retired");

        CommandLineRun retire = keys(db, "retire");
        assertThat(retire.out()).contains("no retired key has outlived its tokens yet");
        assertThat(refused.out() + refused.err() + rotated.out() + list.out() + list.err()).doesNotContain(SECRET);
    }

    @Test
    void everyKeysCommandHasHelp() {
        for (String command : List.of("list", "rotate", "retire")) {
            CommandLineRun help = CommandLineRun.of("keys", command, "--help");
            assertThat(help.exitCode()).isZero();
            assertThat(help.out()).contains("--database-url").contains("--embedded");
        }
    }

    private static CommandLineRun keys(TestDatabase db, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), Cardea.class.getName(), "keys"));
        command.addAll(List.of(args));
        command.addAll(List.of("--database-url", db.jdbcUrl(), "--database-user", db.user()));
        var builder = new ProcessBuilder(command);
        builder.environment().put("CARDEA_SECRETS_SYSTEM", SECRET);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new CommandLineRun(process.exitValue(), out, err);
    }
}
