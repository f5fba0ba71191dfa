package satchel.attack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Samples the server's memory and open file descriptors from /proc every {@link #PERIOD_MS} ms on a daemon
 * thread. For a single-process server (Satchel) VmRSS is the figure; for a process tree (Dovecot: a process per
 * session) the PSS of every process is added: PSS splits shared pages between the processes that map them, so
 * the sum is not inflated by shared libraries.
 */
final class Sampler implements AutoCloseable {
    static final int PERIOD_MS = 200;

    record Sample(long nanos, long rssKb, int fds) {}

    /** Peaks over a window; -1 when nothing was sampled (no pid, or the process was gone). */
    record Peaks(long rssKb, int fds) {}

    private final long pid;
    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean stop;

    Sampler(long pid) {
        this.pid = pid;
        this.thread = Thread.ofPlatform().name("attack-sampler").daemon().start(this::loop);
    }

    private void loop() {
        while (!stop && pid > 0) {
            Sample s = now();
            if (s.rssKb() >= 0) {
                synchronized (samples) {
                    samples.add(s);
                }
            }
            try {
                Thread.sleep(PERIOD_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One sample taken now. */
    Sample now() {
        return new Sample(System.nanoTime(), memoryKb(pid), fdCount(pid));
    }

    /** VmRSS of a lone process, or the PSS summed over the tree; -1 when the process is gone. */
    static long memoryKb(long pid) {
        List<Long> tree = tree(pid);
        if (tree.size() == 1) return rssKb(pid);
        long sum = 0;
        for (long p : tree) sum += Math.max(0, pssKb(p));
        return sum;
    }

    private static int fdCount(long pid) {
        if (rssKb(pid) < 0) return -1;
        int n = 0;
        for (long p : tree(pid)) n += fds(p);
        return n;
    }

    Peaks peaks(long fromNanos, long toNanos) {
        long rss = -1;
        int fds = -1;
        synchronized (samples) {
            for (Sample s : samples) {
                if (s.nanos() < fromNanos || s.nanos() > toNanos) continue;
                rss = Math.max(rss, s.rssKb());
                fds = Math.max(fds, s.fds());
            }
        }
        return new Peaks(rss, fds);
    }

    boolean alive() {
        return pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static List<Long> tree(long pid) {
        List<Long> out = new ArrayList<>();
        out.add(pid);
        ProcessHandle.of(pid).ifPresent(h -> h.descendants().forEach(d -> out.add(d.pid())));
        return out;
    }

    static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
            }
        } catch (IOException | RuntimeException e) {
            return -1; // gone, or not readable
        }
        return -1;
    }

    /** CPU time of the process tree in clock ticks (utime + stime, usually 1/100 s), or -1. */
    long cpuTicks() {
        long sum = 0;
        boolean any = false;
        for (long p : tree(pid)) {
            try {
                String stat = Files.readString(Path.of("/proc", String.valueOf(p), "stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                sum += Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15 of proc(5)
                any = true;
            } catch (IOException | RuntimeException e) {
                // gone
            }
        }
        return any ? sum : -1;
    }

    static long pssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "smaps_rollup"))) {
                if (line.startsWith("Pss:")) return Long.parseLong(line.substring(4).trim().split("\\s+")[0]);
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    static int fds(long pid) {
        try (Stream<Path> s = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
            return (int) s.count();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    @Override public void close() {
        stop = true;
        thread.interrupt();
    }
}
