package io.cardea;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayCommandLineTest {

    @Test
    void gatewayExplainsItselfWithHelp() {
        CommandLineRun run = CommandLineRun.of("gateway", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Usage: cardea gateway")
                .contains("--listen", "--admin-listen", "--upstream", "--health-interval", "--admin-token-file", "--balancing");
    }

    @Test
    void gatewayRefusesToStartWithoutAnAdminToken() {
        assumeTrue(System.getenv("CARDEA_GATEWAY_ADMIN_TOKEN") == null, "the token is set in this environment");

        CommandLineRun run = CommandLineRun.of("gateway", "--listen", "127.0.0.1:0", "--admin-listen", "127.0.0.1:0");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("CARDEA_GATEWAY_ADMIN_TOKEN", "--admin-token-file");
    }

    @Test
    void gatewayRefusesAShortAdminToken(@TempDir Path folder) throws IOException {
        Path tokenFile = Files.writeString(folder.resolve("token"), "secret\n");

        CommandLineRun run = CommandLineRun.of("gateway", "--listen", "127.0.0.1:0", "--admin-listen", "127.0.0.1:0",
                "--admin-token-file", tokenFile.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("at least 16").doesNotContain("secret");
    }

    @Test
    void gatewayRefusesAnUnknownWayToBalance(@TempDir Path folder) throws IOException {
        Path tokenFile = Files.writeString(folder.resolve("token"), "a-gateway-admin-token-of-32-chars\n");

        CommandLineRun run = CommandLineRun.of("gateway", "--listen", "127.0.0.1:0", "--admin-listen", "127.0.0.1:0",
                "--admin-token-file", tokenFile.toString(), "--balancing", "fastest");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--balancing (or CARDEA_GATEWAY_BALANCING) must be one of least-busy, round-robin; "
                + "got 'fastest'");
    }
}
