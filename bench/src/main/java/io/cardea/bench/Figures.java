package io.cardea.bench;

import java.time.Duration;
import java.util.Locale;

/** How the reports write numbers, the same in the Markdown file and on the console. */
final class Figures {

    private Figures() {}

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.2f", nanos / 1e6);
    }

    static String seconds(double seconds) {
        return String.format(Locale.ROOT, "%.2f", seconds);
    }

    static String seconds(Duration d) {
        return seconds(d.toNanos() / 1e9);
    }

    static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%,.0f", perSecond);
    }

    static String gib(double gib) {
        return String.format(Locale.ROOT, "%.1f", gib);
    }
}
