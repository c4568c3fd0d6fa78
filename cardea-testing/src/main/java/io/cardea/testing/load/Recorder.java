package io.cardea.testing.load;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/** Counts every request of a load as it ends, and keeps what the report needs. */
final class Recorder {

    /** Distinct (kind, reason) pairs kept; failures beyond them are still counted, by kind. */
    static final int FAILURE_REASONS = 100;

    /** One ended request: when it began (since the load's start) and how long it took. */
    private record Sample(long beganNanos, long tookNanos, RequestKind kind, boolean ok) {}

    private final Instant started;
    private final long startedNanos;
    private final List<Sample> samples = new ArrayList<>();
    private final Map<String, LoadReport.Failure> failureReasons = new LinkedHashMap<>();
    private final List<LoadReport.Mark> marks = new ArrayList<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    Recorder() {
        this.started = Instant.now();
        this.startedNanos = System.nanoTime();
    }

    synchronized void succeeded(RequestKind kind, long beganNanos) {
        samples.add(new Sample(beganNanos - startedNanos, System.nanoTime() - beganNanos, kind, true));
        requests.incrementAndGet();
    }

    synchronized void failed(RequestKind kind, long beganNanos, String reason) {
        samples.add(new Sample(beganNanos - startedNanos, System.nanoTime() - beganNanos, kind, false));
        requests.incrementAndGet();
        failures.incrementAndGet();
        String key = kind + " " + reason;
        LoadReport.Failure seen = failureReasons.get(key);
        if (seen != null) {
            failureReasons.put(key, new LoadReport.Failure(kind, reason, seen.count() + 1, seen.first()));
        } else if (failureReasons.size() < FAILURE_REASONS) {
            failureReasons.put(key, new LoadReport.Failure(kind, reason, 1, instant(beganNanos)));
        }
    }

    synchronized void mark(String phase) {
        marks.add(new LoadReport.Mark(phase, Instant.now()));
    }

    long requests() {
        return requests.get();
    }

    long failures() {
        return failures.get();
    }

    synchronized LoadReport report() {
        Map<RequestKind, long[]> counts = new EnumMap<>(RequestKind.class);
        Map<Long, List<Sample>> bySecond = new TreeMap<>();
        for (Sample s : samples) {
            counts.computeIfAbsent(s.kind(), k -> new long[2])[s.ok() ? 0 : 1]++;
            bySecond.computeIfAbsent(s.beganNanos() / 1_000_000_000L, k -> new ArrayList<>()).add(s);
        }
        Map<RequestKind, LoadReport.Counts> totals = new EnumMap<>(RequestKind.class);
        counts.forEach((kind, c) -> totals.put(kind, new LoadReport.Counts(c[0], c[1])));
        List<LoadReport.Second> seconds = new ArrayList<>();
        bySecond.forEach((second, inIt) -> {
            long[] latencies = inIt.stream().mapToLong(s -> s.tookNanos() / 1000).sorted().toArray();
            int failed = (int) inIt.stream().filter(s -> !s.ok()).count();
            seconds.add(new LoadReport.Second(started.plusSeconds(second), inIt.size(), failed,
                    latencies));
        });
        return new LoadReport(started, Instant.now(), totals, failures.get(), List.copyOf(failureReasons.values()),
                List.copyOf(marks), List.copyOf(seconds));
    }

    private Instant instant(long nanos) {
        return started.plus(Duration.ofNanos(nanos - startedNanos));
    }
}
