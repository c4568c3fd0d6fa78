package io.cardea;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code cardea smoke} is part of the one command, and takes its secrets from the environment. */
class SmokeCommandLineTest {

    @Test
    void smokeIsAmongTheCommandsAndExplainsItself() {
        assertThat(CommandLineRun.of("--help").out()).contains("smoke");

        CommandLineRun help = CommandLineRun.of("smoke", "--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--url", "--create-probe", "--json", "CARDEA_SMOKE_ADMIN_TOKEN");
    }

    @Test
    void secretsComeFromTheEnvironmentAndAnUnreachableServerFailsEveryCheck() throws Exception {
        CommandLineRun run = CommandLineRun.process(Map.of("CARDEA_SMOKE_ADMIN_TOKEN", "admin-token-from-env",
                "CARDEA_SMOKE_PROBE_PASSWORD", "probe-password-from-env", "CARDEA_SMOKE_CLIENT_SECRET",
                "client-secret-from-env", "CARDEA_SMOKE_PROBE_EMAIL", "probe@cardea.test", "CARDEA_SMOKE_CLIENT_ID",
                "probe"), "smoke", "--url", "http://127.0.0.1:1", "--timeout", "2");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(run.out()).contains("FAIL ready", "could not connect", "FAILED: ready, discovery")
                .doesNotContain("from-env");
    }

    @Test
    void withoutTheProbeItIsAUsageError() throws Exception {
        CommandLineRun run = CommandLineRun.process(Map.of(), "smoke", "--url", "http://127.0.0.1:1");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("CARDEA_SMOKE_ADMIN_TOKEN");
    }
}
