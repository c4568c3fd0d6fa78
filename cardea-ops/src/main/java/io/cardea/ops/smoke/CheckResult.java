package io.cardea.ops.smoke;

import java.time.Duration;

/** One check of a smoke test; {@code reason} says why it failed or was skipped (null when it passed). */
public record CheckResult(String name, Outcome outcome, Duration duration, String reason) {

    public enum Outcome { PASSED, FAILED, SKIPPED }

    public boolean passed() {
        return outcome == Outcome.PASSED;
    }
}
