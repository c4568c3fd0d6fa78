package io.cardea;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardea.migrate.Migrator;
import io.cardea.testing.PostgresExtension;
import io.cardea.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code cardea keys} and {@code cardea secrets} in their own process, with the system secret in
 * their environment, as an operator runs them.
 */
@ExtendWith(PostgresExtension.class)
class KeysCommandLineTest {

    private static final String SECRET = "a-test-system-secret-of-32-characters-or-more";
    private static final String NEW = "the-new-test-system-secret-of-32-characters-or-more";

    @Test
    void rotatesOnlyOnceTheNextKeyWasPublishedLongEnoughUnlessToldNow(TestDatabase db) throws Exception {
        withoutKeys(db);

        CommandLineRun refused = keys(db, "rotate");
        assertThat(refused.exitCode()).as(refused.err()).isEqualTo(1);
        assertThat(refused.err()).contains("relying parties may not have fetched it").contains("--now");

        CommandLineRun rotated = keys(db, "rotate", "--now");
        assertThat(rotated.exitCode()).as(rotated.err()).isZero();
        assertThat(rotated.out()).contains("signs now");

        CommandLineRun list = keys(db, "list");
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out().lines().skip(1).map(l -> l.split("\\s+")[1] + " " + l.split("\\s+")[2]))
                .containsExactly("RS256 active", "RS256 next", "RS256 retired", "ES256 active", "ES256 next",
                        "ES256 retired");

        CommandLineRun retire = keys(db, "retire");
        assertThat(retire.out()).contains("no retired key has outlived its tokens yet");
        String retired = list.out().lines().filter(l -> l.contains("retired")).findFirst().orElseThrow().split(" ")[0];
        CommandLineRun tooSoon = keys(db, "retire", retired);
        assertThat(tooSoon.exitCode()).isEqualTo(1);
        assertThat(tooSoon.err()).contains("may be valid until");
        CommandLineRun unknown = keys(db, "retire", "no-such-kid");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("no signing key no-such-kid");
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

    @Test
    void secretsReencryptMovesEveryKeyToTheNewValueSoTheOldCanBeDropped(TestDatabase db) throws Exception {
        withoutKeys(db);
        assertThat(keys(db, "rotate", "--now").exitCode()).isZero();
        Map<String, String> rollover = Map.of("CARDEA_SECRETS_SYSTEM", NEW + "," + SECRET);

        CommandLineRun pending = CommandLineRun.process(rollover, target(db, "secrets", "status"));
        assertThat(pending.exitCode()).as(pending.err()).isEqualTo(3);
        assertThat(pending.out()).contains("6 signing key(s) still encrypted under an older value");

        assertThat(CommandLineRun.process(rollover, target(db, "secrets", "reencrypt")).out()).contains("re-encrypted 6");
        CommandLineRun done = CommandLineRun.process(Map.of("CARDEA_SECRETS_SYSTEM", NEW),
                target(db, "secrets", "status"));
        assertThat(done.exitCode()).as(done.err()).isZero();
        assertThat(done.out()).contains("the others can be dropped").doesNotContain(NEW);
    }

    /** The test class shares one database; each test begins before any key exists. */
    private static void withoutKeys(TestDatabase db) throws Exception {
        Migrator.configure().dataSource(db.dataSource()).releaseMigrations().load().up();
        try (var c = db.dataSource().getConnection(); var st = c.createStatement()) {
            st.execute("DELETE FROM signing_keys");
        }
    }

    private static CommandLineRun keys(TestDatabase db, String... args) throws Exception {
        String[] keys = new String[args.length + 1];
        keys[0] = "keys";
        System.arraycopy(args, 0, keys, 1, args.length);
        return CommandLineRun.process(Map.of("CARDEA_SECRETS_SYSTEM", SECRET), target(db, keys));
    }

    private static String[] target(TestDatabase db, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--database-url", db.jdbcUrl(), "--database-user", db.user()));
        return all.toArray(String[]::new);
    }
}
