package io.cardea.ops.smoke;

import java.util.List;

/** The checks of one smoke test run, in the order they ran. It passed when every check did. */
public record SmokeResult(List<CheckResult> checks) {

    public SmokeResult {
        checks = List.copyOf(checks);
    }

    public boolean passed() {
        return checks.stream().allMatch(CheckResult::passed);
    }

    /** The names of the checks that failed or could not run. */
    public List<String> failedChecks() {
        return checks.stream().filter(c -> !c.passed()).map(CheckResult::name).toList();
    }

    public CheckResult check(String name) {
        return checks.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no check " + name));
    }
}
