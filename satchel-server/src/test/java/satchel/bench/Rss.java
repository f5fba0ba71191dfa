package satchel.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Server memory from /proc. For a single-process server VmRSS of the pid is the figure; for a forking server
 * (Dovecot: one process per session) the pid alone says nothing, so we also sum PSS over the pid and all its
 * descendants: PSS splits shared pages between the processes mapping them, so the sum is not inflated by
 * shared libraries.
 */
final class Rss {
    private Rss() {}

    /** VmRSS of the process in KiB, or -1. */
    static long vmRssKb(long pid) { return field(Path.of("/proc", String.valueOf(pid), "status"), "VmRSS:"); }

    /** Sum of Pss over the process tree in KiB, and the number of processes. */
    static long[] treePssKb(long pid) {
        long sum = 0;
        List<Long> tree = tree(pid);
        for (long p : tree) sum += Math.max(0, field(Path.of("/proc", String.valueOf(p), "smaps_rollup"), "Pss:"));
        return new long[] {sum, tree.size()};
    }

    /**
     * CPU seconds (user + system, with reaped children's) of the process tree: a forking server's finished session
     * processes count through their parent's cutime/cstime.
     */
    static double treeCpuSeconds(long pid) {
        long ticks = 0;
        for (long p : tree(pid)) {
            try {
                String stat = Files.readString(Path.of("/proc", String.valueOf(p), "stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                for (int i = 11; i <= 14; i++) ticks += Long.parseLong(f[i]); // utime stime cutime cstime
            } catch (IOException | RuntimeException e) {
                // gone between listing and reading
            }
        }
        return ticks / 100.0; // USER_HZ is 100 on Linux
    }

    /**
     * Context switches (voluntary and not) of every thread of the process tree: each one is a thread put to sleep or
     * woken, the cost of a wake-up chain that CPU seconds at 10 ms resolution hide.
     */
    static long treeContextSwitches(long pid) {
        long sum = 0;
        for (long p : tree(pid)) {
            try (var tasks = Files.list(Path.of("/proc", String.valueOf(p), "task"))) {
                for (Path t : tasks.toList()) {
                    sum += Math.max(0, field(t.resolve("status"), "voluntary_ctxt_switches:"))
                            + Math.max(0, field(t.resolve("status"), "nonvoluntary_ctxt_switches:"));
                }
            } catch (IOException | RuntimeException e) {
                // gone between listing and reading
            }
        }
        return sum;
    }

    /** The 1-minute load average, or -1. */
    static double load1() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static List<Long> tree(long root) {
        List<Long> out = new ArrayList<>();
        out.add(root);
        ProcessHandle.of(root).ifPresent(h -> h.descendants().forEach(d -> out.add(d.pid())));
        return out;
    }

    private static long field(Path file, String name) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(name)) return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]);
            }
        } catch (IOException | RuntimeException e) {
            return -1;  // process gone or not readable: report as unknown
        }
        return -1;
    }
}
