package io.cardea.gateway.metrics;

import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/** Request durations in Prometheus histogram buckets, from 5 ms (a health check) to 10 s. */
final class LatencyHistogram {

    static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private final LongAdder[] counts = new LongAdder[BUCKETS.length];
    private final LongAdder total = new LongAdder();
    private final DoubleAdder sum = new DoubleAdder();

    LatencyHistogram() {
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
    }

    void record(long nanos) {
        double seconds = nanos / 1e9;
        for (int i = 0; i < BUCKETS.length; i++) {
            if (seconds <= BUCKETS[i]) {
                counts[i].increment();
                break;
            }
        }
        total.increment();
        sum.add(seconds);
    }

    /** How many durations fell in each bucket (not cumulative), the last entry counting those above 10 s. */
    long[] counts() {
        long[] out = new long[BUCKETS.length + 1];
        long inBuckets = 0;
        for (int i = 0; i < BUCKETS.length; i++) {
            out[i] = counts[i].sum();
            inBuckets += out[i];
        }
        out[BUCKETS.length] = Math.max(0, total.sum() - inBuckets);
        return out;
    }

    /** Writes the cumulative buckets, sum and count of {@code name} for one label set. */
    void write(PrometheusText out, String name, String labels) {
        long cumulative = 0;
        for (int i = 0; i < BUCKETS.length; i++) {
            cumulative += counts[i].sum();
            out.sample(name + "_bucket", labels + ",le=\"" + BUCKETS[i] + "\"", cumulative);
        }
        out.sample(name + "_bucket", labels + ",le=\"+Inf\"", total.sum());
        out.sample(name + "_sum", labels, sum.sum());
        out.sample(name + "_count", labels, total.sum());
    }
}
