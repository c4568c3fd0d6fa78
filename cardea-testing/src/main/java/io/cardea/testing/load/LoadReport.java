package io.cardea.testing.load;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a {@link SteadyLoad} did: every request counted by kind and outcome, the failures by kind
 * and reason, the instants the caller marked, and the latencies of each second.
 */
public record LoadReport(Instant started, Instant stopped, Map<RequestKind, Counts> counts, long failures,
        List<Failure> failureReasons, List<Mark> marks, List<Second> seconds) {

    /** Requests of one kind that got the expected answer, and those that did not. */
    public record Counts(long succeeded, long failed) {}

    /**
     * Failed requests of one kind for one reason (a connection error, a timeout, or another answer
     * than expected): how many, and when the first of them began.
     */
    public record Failure(RequestKind kind, String reason, long count, Instant first) {}

    /** An instant the caller named with {@link SteadyLoad#mark}. */
    public record Mark(String phase, Instant at) {}

    /** The requests that began in one second, and how long each took (sorted, in microseconds). */
    public record Second(Instant start, int requests, int failures, long[] latenciesMicros) {}

    public long requests() {
        return counts.values().stream().mapToLong(c -> c.succeeded() + c.failed()).sum();
    }

    public Counts counts(RequestKind kind) {
        return counts.getOrDefault(kind, new Counts(0, 0));
    }

    public Instant mark(String phase) {
        return marks.stream().filter(m -> m.phase().equals(phase)).map(Mark::at).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no mark " + phase + " among " + marks));
    }

    /**
     * The {@code percentile} (0 to 100) latency of the requests that began in the seconds that overlap
     * {@code from} to {@code to}, e.g. {@code latency(99, started(), mark("cut-over"))}; empty when
     * no request began then.
     */
    public Optional<Duration> latency(double percentile, Instant from, Instant to) {
        long[] all = seconds.stream().filter(s -> overlaps(s, from, to))
                .flatMapToLong(s -> Arrays.stream(s.latenciesMicros())).sorted().toArray();
        if (all.length == 0) {
            return Optional.empty();
        }
        int index = (int) Math.ceil(percentile / 100 * all.length) - 1;
        return Optional.of(Duration.ofNanos(all[Math.max(0, index)] * 1000));
    }

    /** The requests that failed in the seconds that overlap {@code from} to {@code to}. */
    public long failures(Instant from, Instant to) {
        return seconds.stream().filter(s -> overlaps(s, from, to)).mapToLong(Second::failures).sum();
    }

    private static boolean overlaps(Second s, Instant from, Instant to) {
        return s.start().plusSeconds(1).isAfter(from) && s.start().isBefore(to);
    }

    @Override
    public String toString() {
        return "LoadReport[requests=" + requests() + ", failures=" + failures + ", counts=" + counts + ", marks="
                + marks + ", failureReasons=" + failureReasons.stream().limit(10).toList() + "]";
    }
}
