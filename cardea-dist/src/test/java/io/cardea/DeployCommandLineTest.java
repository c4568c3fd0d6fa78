package io.cardea;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cardea deploy} and {@code cardea upgrade run|history|rollback} explain themselves and refuse bad input plainly. */
class DeployCommandLineTest {

    @TempDir
    Path work;

    @Test
    void everyCommandExplainsItself() {
        assertThat(CommandLineRun.of("deploy", "--help").out()).contains("init", "install", "start", "status");
        assertThat(CommandLineRun.of("deploy", "init", "--help").out()).contains("--release", "--database-url",
                "--gateway-listen", "--instances");
        assertThat(CommandLineRun.of("deploy", "start", "--help").out()).contains("control endpoint", "SIGTERM");
        assertThat(CommandLineRun.of("upgrade", "--help").out()).contains("plan", "run", "history", "rollback");
        assertThat(CommandLineRun.of("upgrade", "run", "--help").out()).contains("--strategy", "--watch",
                "--skip-backup", "--max-error-rate-increase", "--max-latency-factor", "--ready-timeout",
                "5  not upgraded");
        assertThat(CommandLineRun.of("upgrade", "history", "--help").out()).contains("--limit", "--deployment");
        assertThat(CommandLineRun.of("upgrade", "rollback", "--help").out()).contains("cardea restore", "--watch");
    }

    @Test
    void aFolderThatIsNoDeploymentIsRefusedWithWhatToRun() {
        CommandLineRun run = CommandLineRun.of("upgrade", "run", "--deployment", work.toString(), "--to", "0.2.0");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("is not a Cardea deployment", "cardea deploy init");
        assertThat(CommandLineRun.of("upgrade", "history", "--deployment", work.toString()).exitCode()).isEqualTo(1);
    }

    @Test
    void wrongOptionsAreRefusedBeforeAnythingHappens() throws Exception {
        Path deployment = work.resolve("d");
        assertThat(CommandLineRun.of("deploy", "init", deployment.toString(), "--release", work.toString(),
                "--database-url", "jdbc:postgresql://127.0.0.1:1/none", "--instances", "0").exitCode()).isEqualTo(2);
        CommandLineRun noRelease = CommandLineRun.of("deploy", "init", deployment.toString(), "--release",
                work.toString(), "--database-url", "jdbc:postgresql://127.0.0.1:1/none");
        assertThat(noRelease.exitCode()).isEqualTo(1);
        assertThat(noRelease.err()).contains("holds no Cardea release");
        assertThat(Files.exists(deployment)).as("nothing created").isFalse();
        assertThat(CommandLineRun.of("upgrade", "run", "--deployment", work.toString(), "--to", "0.2.0", "--strategy",
                "canary").err()).contains("--strategy is blue-green or rolling");
        assertThat(CommandLineRun.of("upgrade", "run", "--deployment", work.toString(), "--to", "0.2.0", "--watch",
                "soon").exitCode()).isEqualTo(2);
        assertThat(CommandLineRun.of("upgrade", "run", "--deployment", work.toString()).exitCode())
                .as("no --to").isEqualTo(2);
    }
}
