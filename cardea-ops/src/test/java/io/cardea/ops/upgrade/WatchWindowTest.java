package io.cardea.ops.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import io.cardea.gateway.metrics.UpstreamFigures;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The watch window's judgement on figures, without a gateway. */
class WatchWindowTest {

    private static final URI NEW = URI.create("http://127.0.0.1:4435");
    private final WatchWindow window = new WatchWindow(Duration.ofMinutes(1), 0.01, 3);

    @Test
    void anErrorRateRisingBeyondTheLimitFailsTheRelease() {
        UpstreamFigures before = figures(1000, 1, 0.05);
        UpstreamFigures since = figures(200, 10, 0.05);

        assertThat(window.judge(since, before)).hasValueSatisfying(reason ->
                assertThat(reason).contains("error rate 5.0%", "10 of 200 requests", "0.1% before"));
    }

    @Test
    void aFewErrorsSayNothingYet() {
        assertThat(window.judge(figures(20, WatchWindow.MIN_ERRORS - 1, 0.05), figures(1000, 0, 0.05))).isEmpty();
    }

    @Test
    void anErrorRateLikeTheOneBeforePasses() {
        assertThat(window.judge(figures(1000, 5, 0.05), figures(1000, 5, 0.05))).isEmpty();
    }

    @Test
    void latencyCountsOnlyAboveTheFactorAndTheFloor() {
        UpstreamFigures fastBefore = figures(1000, 0, 0.01);

        assertThat(window.judge(figures(500, 0, 0.5), fastBefore)).as("50 times slower, still under a second").isEmpty();
        assertThat(window.judge(figures(500, 0, 2.5), fastBefore)).hasValueSatisfying(reason ->
                assertThat(reason).contains("p99 latency", "2.500 s"));
        assertThat(window.judge(figures(WatchWindow.MIN_REQUESTS_FOR_LATENCY - 1, 0, 2.5), fastBefore))
                .as("too few requests to judge").isEmpty();
        assertThat(window.judge(figures(500, 0, 2.5), figures(1000, 0, 1))).as("within 3 times").isEmpty();
    }

    @Test
    void aStallOfAFewRequestsSaysNothingYet() {
        UpstreamFigures fastBefore = figures(1000, 0, 0.01);
        UpstreamFigures fast = figures(150, 0, 0.01);

        // One stall: the requests in flight all slow at once, a p99 over 150 requests, but only a few.
        UpstreamFigures stall = UpstreamFigures.sum(NEW, List.of(fast, figures(WatchWindow.MIN_SLOW_REQUESTS - 1, 0, 2.5)));
        assertThat(stall.latencyQuantileSeconds(0.99)).isGreaterThan(1);
        assertThat(window.judge(stall, fastBefore)).isEmpty();

        UpstreamFigures slow = UpstreamFigures.sum(NEW, List.of(fast, figures(WatchWindow.MIN_SLOW_REQUESTS, 0, 2.5)));
        assertThat(window.judge(slow, fastBefore)).hasValueSatisfying(reason -> assertThat(reason).contains("p99 latency"));
    }

    /** {@code requests}, {@code errors} of them 5xx, all as slow as the bucket of {@code seconds}. */
    private static UpstreamFigures figures(long requests, long errors, double seconds) {
        long[] counts = new long[UpstreamFigures.LATENCY_BUCKETS.length + 1];
        int bucket = 0;
        while (bucket < UpstreamFigures.LATENCY_BUCKETS.length && UpstreamFigures.LATENCY_BUCKETS[bucket] < seconds) {
            bucket++;
        }
        counts[bucket] = requests;
        return new UpstreamFigures(NEW, requests, errors, 0, counts);
    }
}
