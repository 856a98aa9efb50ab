package dev.tenancy.bench;

import java.util.Arrays;
import java.util.Locale;

/** Percentiles of a set of latencies, in milliseconds. */
record Stats(int n, double p50, double p90, double p99, double max) {

    static Stats of(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return new Stats(s.length, ms(s[s.length / 2]), ms(s[(int) Math.min(s.length - 1, s.length * 0.9)]),
                ms(s[(int) Math.min(s.length - 1, s.length * 0.99)]), ms(s[s.length - 1]));
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "p50 %.1f ms, p90 %.1f ms, p99 %.1f ms (n=%d)", p50, p90, p99, n);
    }
}
