package io.cardea.ops.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardea.ops.release.ReleaseRepository;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code cardea upgrade plan} over releases that deprecate and remove: 0.1.0; 0.2.0 deprecates
 * {@code GET /sessions/whoami} and {@code CARDEA_MAIL_HOST}; 0.3.0, in which both still work; 0.4.0
 * removes {@code CARDEA_MAIL_HOST} and deprecates {@code cardea keys old}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UpgradePlanDeprecationsTest {

    private static final String V010 = "## [0.1.0] - 2026-01-10\n### Added\n- accounts\n";
    private static final String V020 = "## [0.2.0] - 2026-03-02\n### Deprecated\n- GET /sessions/whoami: use "
            + "GET /sessions/current\n- CARDEA_MAIL_HOST: use CARDEA_SMTP_HOST\n\n" + V010;
    private static final String V030 = "## [0.3.0] - 2026-05-04\n### Added\n- sessions list\n\n" + V020;
    private static final String DEPRECATED_IN_020 = "deprecate: endpoint GET /sessions/whoami\nsince: 0.2.0\n"
            + "replacement: GET /sessions/current\nsunset: 2027-06-30\n\n";
    private static final String MAIL_HOST_DEPRECATED_IN_020 = "deprecate: setting CARDEA_MAIL_HOST\nsince: 0.2.0\n"
            + "replacement: CARDEA_SMTP_HOST\n";

    @TempDir
    Path work;

    private Path r010;
    private Path r020;
    private Path r030;
    private Path r040;

    @BeforeAll
    void releaseALineOfVersions(@TempDir Path repoRoot) {
        var repo = new ReleaseRepository(repoRoot).changelog(V010)
                .migration("V1__accounts.sql", "CREATE TABLE plan_accounts (id bigint PRIMARY KEY);");
        r010 = repo.release("0.1.0");
        r020 = repo.changelog(V020).deprecations(DEPRECATED_IN_020 + MAIL_HOST_DEPRECATED_IN_020).release("0.2.0");
        r030 = repo.changelog(V030).release("0.3.0");
        r040 = repo.changelog("## [0.4.0] - 2026-07-06\n### Deprecated\n- cardea keys old: use cardea keys list\n"
                        + "### Removed\n- CARDEA_MAIL_HOST: use CARDEA_SMTP_HOST\n\n" + V030)
                .deprecations(DEPRECATED_IN_020 + "deprecate: command cardea keys old\nsince: 0.4.0\n"
                        + "replacement: cardea keys list\n\nremove: setting CARDEA_MAIL_HOST\n").release("0.4.0");
    }

    @Test
    void theDeprecationsOfTheTargetAreListedWithTheirReplacementsAndTheSettingsInUse() throws IOException {
        Path config = Files.writeString(work.resolve("cardea.env"), "# mail\nCARDEA_MAIL_HOST=mail.example\n");

        Run run = plan("--from", r010, "--to", r020, "--config", config);

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("== Deprecations and removals ==\nDeprecated after 0.1.0 (still working in 0.2.0")
                .contains("  endpoint GET /sessions/whoami (deprecated in 0.2.0): use GET /sessions/current; it may stop "
                        + "answering from 2027-06-30")
                .contains("  setting CARDEA_MAIL_HOST (deprecated in 0.2.0): use CARDEA_SMTP_HOST\n"
                        + "    your configuration sets it, line 2 of " + config)
                .doesNotContain("Removed (");
    }

    @Test
    void aRemovalIsListedAndCalledOutWhenTheConfigurationStillSetsItUnderEitherSpelling() throws IOException {
        Path config = Files.writeString(work.resolve("cardea.properties"), "cardea.http.max-body-size=64KB\n"
                + "cardea.mail-host = mail.example\n");

        Run run = plan("--from", r030, "--to", r040, "--config", config);

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("  command cardea keys old (deprecated in 0.4.0): use cardea keys list")
                .doesNotContain("GET /sessions/whoami (deprecated in 0.2.0)")
                .contains("Removed (gone in 0.4.0):\n  setting CARDEA_MAIL_HOST is removed in 0.4.0: use CARDEA_SMTP_HOST\n"
                        + "    ! your configuration still sets it, line 2 of " + config + ": 0.4.0 ignores it");
    }

    @Test
    void aTwoStepViewOfTheLineShowsEachDeprecationOnceAndNothingWhenNothingChanged() {
        Run first = plan("--from", r010, "--to", r020);
        Run same = plan("--from", r040, "--to", r040);

        assertThat(first.out()).containsOnlyOnce("GET /sessions/whoami (deprecated").doesNotContain("your configuration");
        assertThat(same.out()).contains("Nothing is deprecated or removed between 0.4.0 and 0.4.0.");
    }

    @Test
    void theHelpSaysThePlanListsDeprecations() {
        assertThat(plan("--help").out()).contains("deprecated or removed");
    }

    private record Run(int code, String out, String err) {}

    private static Run plan(Object... args) {
        String[] all = new String[args.length + 1];
        all[0] = "plan";
        for (int i = 0; i < args.length; i++) {
            all[i + 1] = args[i].toString();
        }
        var out = new StringWriter();
        var err = new StringWriter();
        int code = new CommandLine(new UpgradeCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(all);
        return new Run(code, out.toString(), err.toString());
    }
}
