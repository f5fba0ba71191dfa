package satchel.bench;

import java.util.Arrays;
import java.util.Locale;

/** Prints a result block: a title and aligned {@code name: value unit} lines, easy to grep from scripts. */
final class Report {
    private final StringBuilder out = new StringBuilder();

    Report(String title) { out.append("== ").append(title).append(" ==\n"); }

    Report add(String name, double value, String unit) {
        if (unit.isEmpty() && value == Math.rint(value)) {
            out.append(String.format(Locale.ROOT, "  %-42s %11d%n", name + ":", (long) value));
            return this;
        }
        out.append(String.format(Locale.ROOT, "  %-42s %14.2f %s%n", name + ":", value, unit));
        return this;
    }

    Report note(String text) {
        out.append("  ").append(text).append('\n');
        return this;
    }

    void print() { System.out.print(out); System.out.flush(); }

    static double mb(long bytes) { return bytes / 1_048_576.0; }
    static double seconds(long nanos) { return nanos / 1e9; }
    static double millis(long nanos) { return nanos / 1e6; }

    /** Percentile p in [0,100] of unsorted values, nearest-rank. */
    static long percentile(long[] values, double p) {
        long[] v = values.clone();
        Arrays.sort(v);
        if (v.length == 0) return 0;
        int rank = (int) Math.ceil(p / 100.0 * v.length);
        return v[Math.max(0, Math.min(v.length - 1, rank - 1))];
    }
}
