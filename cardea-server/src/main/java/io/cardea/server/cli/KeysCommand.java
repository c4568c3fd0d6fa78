package io.cardea.server.cli;

import io.cardea.migrate.cli.DatabaseOptions;
import io.cardea.server.keys.KeyRing;
import io.cardea.server.keys.RotationPolicy;
import io.cardea.server.keys.SigningAlgorithm;
import io.cardea.server.keys.SigningKey;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.springframework.boot.convert.DurationStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cardea keys}: the signing-key ring, from the command line. Plain JDBC on the database the
 * servers use; it starts no server, and every running instance sees a change within its refresh time.
 */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = {"List and rotate the keys that sign tokens (see docs/rotation.md).",
                "Needs CARDEA_SECRETS_SYSTEM, the same value the servers use: a rotation creates a key, "
                        + "encrypted with it."},
        footerHeading = "%nSettings (environment, with their defaults; the same the servers read):%n",
        footer = {"  CARDEA_SECRETS_SYSTEM          encrypts the private keys; required",
                "  CARDEA_KEYS_PUBLISH_AHEAD      how long a key is published before it may sign (1d)",
                "  CARDEA_KEYS_REFRESH            how stale a server's copy of the keys may be (10s)",
                "  CARDEA_KEYS_ROTATION_INTERVAL  how long a key signs before the schedule rotates (90d)"})
public final class KeysCommand {

    @Spec
    CommandSpec spec;

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Every signing key: kid, algorithm, state (next, active, retired), when it was created, "
                    + "began and stopped signing. Each algorithm (RS256 for ID tokens, the access tokens' one) has "
                    + "its own keys.")
    int list(@Mixin DatabaseOptions database) throws Exception {
        return withRing(database, ring -> {
            PrintWriter out = out();
            String row = "%-36s  %-5s  %-7s  %-24s  %-24s  %s%n";
            out.printf(row, "KID", "ALG", "STATE", "CREATED", "SIGNED FROM", "RETIRED");
            for (SigningKey k : ring.list()) {
                out.printf(row, k.kid(), k.algorithm(), k.state(), k.createdAt(), text(k.activatedAt()),
                        text(k.retiredAt()));
            }
            return 0;
        });
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = {"For each algorithm in use: the next key signs from now on, the active one retires "
                    + "(still published until its tokens expire), and a new next key is published.",
                    "Refused while a next key is younger than CARDEA_KEYS_PUBLISH_AHEAD, unless --now."})
    int rotate(@Mixin DatabaseOptions database,
            @Option(names = "--now", description = "Rotate even if relying parties may not have fetched the next "
                    + "key yet: for a compromised active key.") boolean now,
            @Option(names = "--algorithm", paramLabel = "ALG", description = "Rotate only the keys of this algorithm "
                    + "(RS256 or ES256); default: every algorithm in use.") String algorithm) throws Exception {
        return withRing(database, ring -> {
            List<String> kids = ring.rotate(algorithm == null ? null : SigningAlgorithm.named("--algorithm",
                    algorithm), now);
            out().println("key " + String.join(", ", kids) + " signs now; every server uses it within "
                    + "CARDEA_KEYS_REFRESH. The key it replaces stays published until its tokens expire.");
            return 0;
        });
    }

    @Command(name = "retire", mixinStandardHelpOptions = true,
            description = {"Removes the retired keys whose every token has expired (the servers also do it on their "
                    + "schedule).", "With a KID, removes that key only, and refuses while it signs or its tokens "
                    + "may still be valid."})
    int retire(@Mixin DatabaseOptions database,
            @Parameters(arity = "0..1", paramLabel = "KID", description = "The retired key to remove (see `cardea "
                    + "keys list`).") String kid) throws Exception {
        return withRing(database, ring -> {
            if (kid != null) {
                ring.retire(kid);
                out().println("removed " + kid);
                return 0;
            }
            List<String> removed = ring.removeExpired();
            out().println(removed.isEmpty() ? "no retired key has outlived its tokens yet"
                    : "removed " + String.join(", ", removed));
            return 0;
        });
    }

    private interface RingCommand {
        int run(KeyRing ring);
    }

    private int withRing(DatabaseOptions options, RingCommand command) throws Exception {
        return KeyDatabase.run(options, spec.commandLine().getErr(),
                (dataSource, secret) -> command.run(new KeyRing(dataSource, secret, policy(), SigningAlgorithm.named(
                        "CARDEA_KEYS_ACCESS_TOKEN_ALGORITHM", text("CARDEA_KEYS_ACCESS_TOKEN_ALGORITHM", "ES256")))));
    }

    /** The servers' settings, read from the same environment variables and in the same duration syntax. */
    private static RotationPolicy policy() {
        return new RotationPolicy(setting("CARDEA_KEYS_ROTATION_INTERVAL", "90d"),
                setting("CARDEA_KEYS_PUBLISH_AHEAD", "1d"), setting("CARDEA_KEYS_REFRESH", "10s"));
    }

    private static Duration setting(String name, String fallback) {
        return DurationStyle.detectAndParse(text(name, fallback));
    }

    private static String text(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private static String text(Instant instant) {
        return Objects.toString(instant, "-");
    }
}
