package satchel.embeddedbench;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import org.eclipse.angus.mail.imap.IMAPFolder;

/**
 * What a test suite pays for its mail server, Satchel embedded and GreenMail side by side in one run:
 * <ul>
 *   <li>{@code cold NAME}: the first start in this (fresh) JVM, class loading included, the JVM's uptime and the
 *       process's CPU time when the server is ready, then the first IMAPS connection (a server may defer its TLS
 *       set-up to it), then the start of a second server; run once per JVM by bench/embedded.sh;
 *   <li>{@code warm}: start-to-ready after warm-up, per-method isolation (empty every mailbox; and, for GreenMail,
 *       the restart its extension does per method by default), and one message sent over SMTP with Jakarta Mail
 *       until an IMAP client (Jakarta Mail, NOOP) sees it and fetches its subject.
 * </ul>
 * Rounds alternate between the two servers, so a load spike on this shared machine hits both.
 */
public final class EmbeddedBench {
    private static final int WARMUP = 15;
    private static final int STARTS = 30;
    private static final int ISOLATIONS = 50;
    private static final int RESTARTS = 15;
    private static final int TRIPS = 50;
    private static final byte[] SMALL = ("From: bob@localhost\r\nTo: alice@localhost\r\nSubject: x\r\n\r\nbody\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    private static final Map<String, Supplier<Contender>> CONTENDERS = new LinkedHashMap<>();

    static {
        CONTENDERS.put("satchel", SatchelContender::new);
        CONTENDERS.put("greenmail", GreenMailContender::new);
    }

    public static void main(String[] args) {
        try {
            switch (args.length > 0 ? args[0] : "") {
                case "cold" -> cold(args[1]);
                case "warm" -> warm();
                default -> {
                    System.err.println("usage: EmbeddedBench cold satchel|greenmail | warm");
                    System.exit(2);
                }
            }
        } catch (Exception | AssertionError e) {
            e.printStackTrace();
            System.exit(1); // a server that failed half-way may have left non-daemon threads behind
        }
        System.exit(0);
    }

    private static void cold(String name) throws Exception {
        long t = System.nanoTime();
        try (Contender c = CONTENDERS.get(name).get().start()) {
            double startMs = ms(System.nanoTime() - t);
            long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
            // CPU used by the whole process until ready (all threads, JIT and GC included): on a loaded machine
            // the wall-clock figures mostly measure waiting for a core, this one does not.
            double cpuMs = processCpuMs();
            System.out.printf("%-10s cold start (first in a fresh JVM): %7.1f ms; JVM uptime at ready %d ms; "
                    + "process CPU at ready %.0f ms%n", name, startMs, uptime, cpuMs);
            // A server may defer its TLS work (key, context) to the first handshake: show what that one costs.
            long tls = System.nanoTime();
            firstTlsGreeting(c);
            System.out.printf("%-10s   then the first IMAPS connection (handshake, greeting): %7.1f ms; process CPU "
                    + "%.0f ms more%n", name, ms(System.nanoTime() - tls), processCpuMs() - cpuMs);
        }
        // What the next test class pays: the classes are loaded, the JIT has barely started.
        long second = System.nanoTime();
        try (Contender c = CONTENDERS.get(name).get().start()) {
            System.out.printf("%-10s   then a second server in the same JVM: %7.1f ms%n", name, ms(System.nanoTime() - second));
        }
    }

    /** Client side the same for both servers: a context that trusts any certificate (GreenMail's is not ours). */
    private static void firstTlsGreeting(Contender c) throws Exception {
        var context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
            @Override public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String auth) {}

            @Override public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String auth) {}

            @Override public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                return new java.security.cert.X509Certificate[0];
            }
        }}, null);
        try (var socket = context.getSocketFactory().createSocket(c.host(), c.imapsPort())) {
            socket.setSoTimeout(60_000);
            var in = socket.getInputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) throw new java.io.EOFException("no IMAPS greeting");
            }
        }
    }

    private static double processCpuMs() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e6;
    }

    private static void warm() throws Exception {
        System.out.println("load average before: " + loadAverage());
        Map<String, double[]> starts = new LinkedHashMap<>();
        CONTENDERS.keySet().forEach(n -> starts.put(n, new double[STARTS]));
        for (int i = -WARMUP; i < STARTS; i++) {
            for (var e : CONTENDERS.entrySet()) {
                long t = System.nanoTime();
                try (Contender c = e.getValue().get().start()) {
                    if (i >= 0) starts.get(e.getKey())[i] = ms(System.nanoTime() - t);
                }
            }
        }
        starts.forEach((n, v) -> report(n, "start-to-ready, warm (smtp+imap+imaps, 2 users)", v));

        for (var e : CONTENDERS.entrySet()) {
            try (Contender c = e.getValue().get().start()) {
                double[] iso = new double[ISOLATIONS];
                for (int i = -WARMUP; i < ISOLATIONS; i++) {
                    for (int k = 0; k < 10; k++) c.deliver(SMALL);
                    long t = System.nanoTime();
                    c.isolate();
                    if (i >= 0) iso[i] = ms(System.nanoTime() - t);
                }
                report(e.getKey(), "isolation: empty the mailboxes (10 messages)", iso);
                double[] trips = roundTrips(c);
                report(e.getKey(), "SMTP send -> IMAP sees it and fetches its subject", trips);
            }
        }
        double[] restart = new double[RESTARTS];
        Contender g = CONTENDERS.get("greenmail").get().start();
        for (int i = 0; i < RESTARTS; i++) {
            long t = System.nanoTime();
            g.close();
            g = CONTENDERS.get("greenmail").get().start();
            restart[i] = ms(System.nanoTime() - t);
        }
        g.close();
        report("greenmail", "isolation: stop + start (GreenMailExtension's per-method default)", restart);
        System.out.println("load average after: " + loadAverage());
    }

    /**
     * Jakarta Mail on both ends, connected once; each trip sends, then says NOOP until the IMAP session reports the
     * new message (EXISTS), then fetches its subject. The SMTP 250 after DATA comes once the message is stored on
     * both servers, so the first NOOP normally sees it.
     */
    private static double[] roundTrips(Contender c) throws Exception {
        Properties p = new Properties();
        p.put("mail.smtp.host", c.host());
        p.put("mail.smtp.port", String.valueOf(c.smtpPort()));
        p.put("mail.smtp.localhost", "client.test"); // no host name lookup for EHLO
        p.put("mail.imap.host", c.host());
        p.put("mail.imap.port", String.valueOf(c.imapPort()));
        Session session = Session.getInstance(p);
        double[] trips = new double[TRIPS];
        try (Transport transport = session.getTransport("smtp"); Store store = session.getStore("imap")) {
            transport.connect();
            store.connect("alice", "pw");
            // getMessageCount() alone sends NOOP only when the connection was idle for a second: say NOOP each time.
            IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
            IMAPFolder.ProtocolCommand noop = protocol -> {
                protocol.noop();
                return null;
            };
            inbox.open(Folder.READ_ONLY);
            int have = inbox.getMessageCount();
            for (int i = -WARMUP; i < TRIPS; i++) {
                MimeMessage m = new MimeMessage(session);
                m.setFrom(new InternetAddress("bob@localhost"));
                m.setRecipients(Message.RecipientType.TO, "alice@localhost");
                m.setSubject("trip " + i);
                m.setText("hello");
                m.saveChanges();
                long t = System.nanoTime();
                transport.sendMessage(m, m.getAllRecipients());
                while (inbox.getMessageCount() <= have) inbox.doCommand(noop);
                have++;
                String subject = inbox.getMessage(have).getSubject();
                if (i >= 0) trips[i] = ms(System.nanoTime() - t);
                if (!subject.equals("trip " + i)) throw new AssertionError("got " + subject + " for trip " + i);
            }
            inbox.close(false);
        }
        return trips;
    }

    private static void report(String name, String what, double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        System.out.printf("%-10s %-66s median %8.3f ms  p90 %8.3f ms  min %8.3f ms  (n=%d)%n", name, what,
                s[s.length / 2], s[(int) (s.length * 0.9)], s[0], s.length);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (java.io.IOException e) {
            return String.format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
