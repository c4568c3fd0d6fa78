package io.cardea.ops.upgrade;

import io.cardea.gateway.HumanDuration;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How new instances are waited for and watched: shared by {@code upgrade run} and {@code upgrade rollback}. */
final class WatchOptions {

    @Option(names = "--watch", paramLabel = "DURATION", defaultValue = "5m",
            description = "How long to watch the new release at the gateway before the old one is stopped "
                    + "(e.g. 90s, 10m; default: ${DEFAULT-VALUE}).")
    String watch;

    @Option(names = "--max-error-rate-increase", paramLabel = "PERCENT", defaultValue = "1",
            description = "Roll back when the error rate (5xx and failed exchanges) since the cut exceeds the one "
                    + "before it by more than this many points (default: ${DEFAULT-VALUE}).")
    double maxErrorRateIncrease;

    @Option(names = "--max-latency-factor", paramLabel = "FACTOR", defaultValue = "3",
            description = "Roll back when p99 latency since the cut exceeds this many times the one before it, and "
                    + "1 s (default: ${DEFAULT-VALUE}).")
    double maxLatencyFactor;

    @Option(names = "--ready-timeout", paramLabel = "DURATION", defaultValue = "3m",
            description = "How long new instances may take to answer ready (default: ${DEFAULT-VALUE}).")
    String readyTimeout;

    /** The watch window, refused with what to fix when the options make no sense. */
    WatchWindow window() {
        if (maxErrorRateIncrease < 0 || maxLatencyFactor < 1) {
            throw new IllegalArgumentException("--max-error-rate-increase must be 0 or more, --max-latency-factor 1 or more");
        }
        return new WatchWindow(HumanDuration.parse(watch), maxErrorRateIncrease / 100, maxLatencyFactor);
    }

    Duration readyTimeout() {
        return HumanDuration.parse(readyTimeout);
    }
}
