package satchel.junit;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import satchel.embedded.Satchel;

/**
 * Prints what embedding costs: start-to-ready (the first start in this JVM, i.e. cold when this class runs alone,
 * then warm), per-method isolation ({@link Satchel#purge}), and the round trip of one message sent over SMTP with
 * Jakarta Mail until an IMAP client in IDLE sees it. Figures, not timed assertions: run it alone with
 * {@code ./mvnw -q -o test -Dtest=EmbeddedFiguresTest}.
 */
class EmbeddedFiguresTest {
    private static final int WARM_STARTS = 20;
    private static final int PURGES = 50;
    private static final int ROUND_TRIPS = 30;

    @Test
    void figures() throws Exception {
        long t0 = System.nanoTime();
        try (Satchel first = Satchel.builder().user("alice", "pw").start()) {
            System.out.printf("embedded start, first in this JVM (cold): %.1f ms%n", ms(System.nanoTime() - t0));
            assertThat(first.imapPort()).isPositive();
        }
        double[] warm = new double[WARM_STARTS];
        for (int i = 0; i < WARM_STARTS; i++) {
            long t = System.nanoTime();
            try (Satchel s = Satchel.builder().user("alice", "pw").user("bob", "pw").start()) {
                warm[i] = ms(System.nanoTime() - t);
            }
        }
        System.out.printf("embedded start, warm (imap+imaps+smtp, 2 users): median %.2f ms, min %.2f ms over %d%n",
                median(warm), Arrays.stream(warm).min().orElseThrow(), WARM_STARTS);

        try (Satchel satchel = Satchel.builder().user("alice", "pw").user("bob", "pw").start()) {
            byte[] small = "Subject: x\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
            double[] purge = new double[PURGES];
            for (int i = 0; i < PURGES; i++) {
                for (int k = 0; k < 5; k++) {
                    satchel.deliver("alice", small);
                    satchel.deliver("bob", small);
                }
                long t = System.nanoTime();
                satchel.purge();
                purge[i] = ms(System.nanoTime() - t);
            }
            assertThat(satchel.inbox("alice").messages()).isEmpty();
            System.out.printf("purge (2 users, 10 messages): median %.3f ms over %d%n", median(purge), PURGES);

            Properties p = new Properties();
            p.put("mail.smtp.host", satchel.host());
            p.put("mail.smtp.port", String.valueOf(satchel.smtpPort()));
            p.put("mail.smtp.localhost", "client.test"); // no host name lookup for EHLO
            Session session = Session.getInstance(p);
            double[] trip = new double[ROUND_TRIPS];
            try (Wire imap = new Wire(new Socket(satchel.host(), satchel.imapPort()));
                 Transport transport = session.getTransport("smtp")) {
                imap.until("* OK");
                imap.send("a LOGIN alice pw");
                imap.until("a OK");
                imap.send("b SELECT INBOX");
                imap.until("b OK");
                imap.send("c IDLE");
                imap.until("+ ");
                transport.connect();
                for (int i = 0; i < ROUND_TRIPS; i++) {
                    MimeMessage m = new MimeMessage(session);
                    m.setFrom(new InternetAddress("bob@localhost"));
                    m.setRecipients(Message.RecipientType.TO, "alice@localhost");
                    m.setSubject("trip " + i);
                    m.setText("hello");
                    m.saveChanges();
                    long t = System.nanoTime();
                    transport.sendMessage(m, m.getAllRecipients());
                    imap.until("* " + (i + 1) + " EXISTS");
                    trip[i] = ms(System.nanoTime() - t);
                }
                imap.send("DONE");
                imap.until("c OK");
            }
            assertThat(satchel.inbox("alice").messages()).hasSize(ROUND_TRIPS);
            System.out.printf("SMTP send (Jakarta Mail, connected) to IMAP IDLE EXISTS: median %.2f ms, first %.2f ms"
                    + " over %d%n", median(trip), trip[0], ROUND_TRIPS);
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
