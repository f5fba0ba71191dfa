package satchel.bench;

import java.io.*;
import java.net.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.util.*;

/**
 * SELECT and {@code FETCH 1:* (UID FLAGS)} on one big mailbox, twice, then N more sessions selecting it: wall time,
 * the server's CPU seconds (/proc), its RSS, and its live heap after a full GC (jcmd beside the java running this),
 * so memory per selecting session is measured apart from garbage. Reads responses with a minimal client.
 * <pre>java -cp … satchel.bench.SelectMemory PORT SERVER_PID USER MAILBOX N</pre> (password "pass")
 */
public final class SelectMemory {
    static final class C implements Closeable {
        final Socket s; final InputStream in; final OutputStream out; int tag;
        final byte[] buf = new byte[1 << 16]; int pos, lim;
        C(int port) throws IOException { s = new Socket("127.0.0.1", port); in = s.getInputStream(); out = s.getOutputStream(); line(); }
        /**
         * Skips to the end of the next line, scanning the buffer in bulk (a byte-at-a-time reader, not the server,
         * set the pace of a million-line FETCH); returns the line, or just "*" for an untagged one.
         */
        String line() throws IOException {
            if (pos == lim) fill();
            StringBuilder text = buf[pos] == '*' ? null : new StringBuilder();
            while (true) {
                int i = pos;
                while (i < lim && buf[i] != '\n') i++;
                if (text != null) text.append(new String(buf, pos, i - pos, StandardCharsets.ISO_8859_1));
                if (i < lim) { pos = i + 1; return text == null ? "*" : text.toString().stripTrailing(); }
                fill();
            }
        }
        void fill() throws IOException {
            lim = in.read(buf, 0, buf.length); pos = 0;
            if (lim <= 0) throw new EOFException();
        }
        long cmd(String c) throws IOException {
            String t = "t" + (++tag); out.write((t + " " + c + "\r\n").getBytes(StandardCharsets.US_ASCII)); out.flush();
            long n = 0; String l;
            while (!(l = line()).startsWith(t + " ")) n++;
            if (!l.startsWith(t + " OK")) throw new IOException(l);
            return n;
        }
        public void close() throws IOException { s.close(); }
    }
    static long rss(long pid) throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) if (l.startsWith("VmRSS:")) return Long.parseLong(l.replaceAll("\\D", ""));
        return -1;
    }
    static double cpu(long pid) throws IOException {
        String st = Files.readString(Path.of("/proc/" + pid + "/stat")); String[] f = st.substring(st.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    }
    private static final String JCMD = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();

    static long liveKb(long pid) throws Exception {
        new ProcessBuilder(JCMD, "" + pid, "GC.run").redirectErrorStream(true).start().waitFor();
        Process p = new ProcessBuilder(JCMD, "" + pid, "GC.heap_info").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()); p.waitFor();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("used (\\d+)K").matcher(out);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }
    static String load() throws IOException { return Files.readString(Path.of("/proc/loadavg")).split(" ")[0]; }
    public static void main(String[] a) throws Exception {
        int port = Integer.parseInt(a[0]); long pid = Long.parseLong(a[1]); String user = a[2], box = a[3]; int sessions = Integer.parseInt(a[4]);
        System.out.printf("RSS before login: %.1f MiB, load %s%n", rss(pid) / 1024.0, load());
        try (C c = new C(port)) {
            c.cmd("LOGIN " + user + " pass");
            for (int round = 1; round <= 2; round++) {
                double c0 = cpu(pid); long t0 = System.nanoTime();
                long n = c.cmd("SELECT " + box);
                System.out.printf("round %d SELECT: %.0f ms (server CPU %.2f s, %d lines), load %s%n", round, (System.nanoTime() - t0) / 1e6, cpu(pid) - c0, n, load());
                c0 = cpu(pid); t0 = System.nanoTime();
                n = c.cmd("FETCH 1:* (UID FLAGS)");
                System.out.printf("round %d FETCH 1:* (UID FLAGS): %.0f ms, %d lines (server CPU %.2f s), load %s%n", round, (System.nanoTime() - t0) / 1e6, n, cpu(pid) - c0, load());
                System.out.printf("RSS with one session selected: %.1f MiB%n", rss(pid) / 1024.0);
            }
            List<C> more = new ArrayList<>();
            long liveBefore = liveKb(pid);
            System.out.printf("after a full GC: live heap %.1f MiB, RSS %.1f MiB%n", liveBefore / 1024.0, rss(pid) / 1024.0);
            long before = rss(pid);
            for (int i = 0; i < sessions; i++) { C s = new C(port); more.add(s); s.cmd("LOGIN " + user + " pass"); long t0 = System.nanoTime(); s.cmd("SELECT " + box);
                System.out.printf("  session %d SELECT %.0f ms, RSS %.1f MiB%n", i + 2, (System.nanoTime() - t0) / 1e6, rss(pid) / 1024.0); }
            Thread.sleep(1000);
            long after = rss(pid);
            System.out.printf("%d more sessions selected: RSS %.1f MiB, delta %.1f MiB = %.2f MiB per session, load %s%n", sessions, after / 1024.0, (after - before) / 1024.0, (after - before) / 1024.0 / sessions, load());
            long liveAfter = liveKb(pid);
            System.out.printf("after a full GC: live heap %.1f MiB (%.2f MiB per added session), RSS %.1f MiB%n", liveAfter / 1024.0, (liveAfter - liveBefore) / 1024.0 / sessions, rss(pid) / 1024.0);
            for (C s : more) s.close();
        }
    }
}
