package io.cardea.server.cli;

import io.cardea.migrate.cli.DatabaseOptions;
import io.cardea.server.keys.SecretRollover;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code cardea secrets}: rolling the system secret over to a new value. Plain JDBC on the servers'
 * database; it starts no server.
 */
@Command(name = "secrets", mixinStandardHelpOptions = true,
        description = {"Roll CARDEA_SECRETS_SYSTEM over to a new value (see docs/rotation.md).",
                "Set CARDEA_SECRETS_SYSTEM=\"new,old\" as the servers have it: the first value encrypts, every "
                        + "value decrypts."})
public final class SecretsCommand {

    @Spec
    CommandSpec spec;

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = {"Says whether anything is still encrypted under an older value of CARDEA_SECRETS_SYSTEM.",
                    "Exit code 0: nothing is, the older values can be dropped; 3: something is."})
    int status(@Mixin DatabaseOptions database) throws Exception {
        return KeyDatabase.run(database, spec.commandLine().getErr(), (dataSource, secret) -> {
            List<String> old = new SecretRollover(dataSource, secret).underOlderValues();
            spec.commandLine().getOut().println(old.isEmpty()
                    ? "everything is encrypted under the first value of CARDEA_SECRETS_SYSTEM: the others can be dropped"
                    : old.size() + " signing key(s) still encrypted under an older value: " + String.join(", ", old)
                            + "; run `cardea secrets reencrypt`");
            return old.isEmpty() ? 0 : 3;
        });
    }

    @Command(name = "reencrypt", mixinStandardHelpOptions = true,
            description = "Encrypts under the first value of CARDEA_SECRETS_SYSTEM everything still under an older one.")
    int reencrypt(@Mixin DatabaseOptions database) throws Exception {
        return KeyDatabase.run(database, spec.commandLine().getErr(), (dataSource, secret) -> {
            List<String> done = new SecretRollover(dataSource, secret).reencrypt();
            spec.commandLine().getOut().println("re-encrypted " + done.size() + " signing key(s) under the first value;"
                    + " check with `cardea secrets status`, then drop the older values");
            return 0;
        });
    }
}
