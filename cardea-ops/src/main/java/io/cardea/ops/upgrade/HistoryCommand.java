package io.cardea.ops.upgrade;

import io.cardea.ops.ledger.DeploymentLedger;
import io.cardea.ops.ledger.DeploymentRecord;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "history", mixinStandardHelpOptions = true,
        description = "Show the deployment ledger: every upgrade and roll-back, newest first, who ran it, from and to "
                + "which release, each step with its duration and outcome, and why it ended as it did.")
public final class HistoryCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DeploymentOption deployment;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "10", description = "How many runs (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<DeploymentRecord> records = DeploymentLedger.open(deployment.open().database()).recent(limit);
        if (records.isEmpty()) {
            out.println("No upgrade has run on this deployment yet.");
        }
        for (DeploymentRecord r : records) {
            out.printf("#%d  %s → %s  %s  %s  by %s, started %s%s%n", r.id(), r.from(), r.to(), r.strategy(),
                    r.outcome().toUpperCase(java.util.Locale.ROOT), r.who(), r.started(),
                    r.finished().map(f -> ", took " + seconds(Duration.between(r.started(), f))).orElse(""));
            r.reason().ifPresent(reason -> out.println("    reason: " + reason));
            r.backup().ifPresent(backup -> out.println("    backup: " + backup));
            for (DeploymentRecord.Step s : r.steps()) {
                out.printf("    %2d %-14s %-8s %8s  %s%n", s.number(), s.name(), s.outcome(),
                        s.took().map(HistoryCommand::seconds).orElse("-"), s.detail());
            }
        }
        return 0;
    }

    private static String seconds(Duration d) {
        return String.format("%.1f s", d.toMillis() / 1000.0);
    }
}
