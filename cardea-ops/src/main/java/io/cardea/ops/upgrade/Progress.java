package io.cardea.ops.upgrade;

import io.cardea.ops.ledger.DeploymentLedger;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;

/** Each step of a run, printed as it happens and recorded in the deployment ledger as it ends. */
final class Progress {

    private final PrintWriter out;
    private final DeploymentLedger ledger;
    private final long deployment;
    private final Map<Integer, Long> startedAt = new HashMap<>();
    private int steps;

    Progress(PrintWriter out, DeploymentLedger ledger, long deployment) {
        this.out = out;
        this.ledger = ledger;
        this.deployment = deployment;
    }

    /** Begins a step and returns its number. */
    int step(String name, String what) {
        int number = ++steps;
        ledger.beginStep(deployment, number, name);
        startedAt.put(number, System.nanoTime());
        print("[" + number + "] " + name + ": " + what);
        return number;
    }

    void ok(int step, String detail) {
        end(step, "ok", detail);
    }

    void failed(int step, String detail) {
        end(step, "failed", detail);
    }

    void skipped(int step, String detail) {
        end(step, "skipped", detail);
    }

    /** A line of progress within a step. */
    void note(String line) {
        print("    " + line);
    }

    void print(String line) {
        out.println(line);
        out.flush();
    }

    private void end(int step, String outcome, String detail) {
        ledger.endStep(deployment, step, outcome, detail);
        long took = System.nanoTime() - startedAt.getOrDefault(step, System.nanoTime());
        print("    " + outcome + " (" + String.format("%.1f", took / 1e9) + " s): " + detail);
    }
}
