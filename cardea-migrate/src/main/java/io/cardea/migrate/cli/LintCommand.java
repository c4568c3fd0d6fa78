package io.cardea.migrate.cli;

import io.cardea.migrate.analysis.Lint;
import io.cardea.migrate.analysis.LintFinding;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "lint", mixinStandardHelpOptions = true,
        description = {"Check migrations for statements that would stall live traffic or break the release still "
                + "running, and name the safe alternative for each. Needs no database.",
                "Silence a finding you have judged safe with '-- cardea:lint-ignore RULE why' above the statement.",
                "Exit code 0 when clean, 3 when there are findings."})
final class LintCommand implements Callable<Integer> {

    @Mixin
    MigrationOptions options;

    @Override
    public Integer call() {
        List<LintFinding> findings = Lint.check(options.migrations());
        findings.forEach(f -> System.out.println(f.describe()));
        System.out.println(findings.isEmpty() ? "Lint: no findings." : "Lint: " + findings.size() + " finding(s).");
        return findings.isEmpty() ? 0 : 3;
    }
}
