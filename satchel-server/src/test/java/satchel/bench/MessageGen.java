package satchel.bench;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Deterministic synthetic mail: the same seed gives the same messages, so runs against different servers see
 * identical input. Sizes follow a mail-like mix: most text messages are 2-20 KB, about one in twenty carries a
 * 100 KB - 1 MB base64 attachment. The {@code small} profile omits attachments (for filling big mailboxes).
 * Subjects and bodies use a small vocabulary so that SEARCH has predictable hits ("invoice", "alice").
 */
public final class MessageGen {
    static final String[] WORDS = {"meeting", "invoice", "report", "lunch", "project", "deadline", "budget",
        "review", "update", "question", "holiday", "server", "release", "contract", "draft", "schedule", "offer",
        "ticket", "weekly", "quarterly", "travel", "design", "customer", "support", "planning", "notes"};
    static final String[] PEOPLE = {"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan",
        "judy", "mallory", "oscar", "peggy", "trent", "victor", "walter"};
    private static final DateTimeFormatter DATE =
        DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT);

    private final SplittableRandom random;
    private final boolean attachments;
    private long counter;

    public MessageGen(long seed, boolean attachments) {
        this.random = new SplittableRandom(seed);
        this.attachments = attachments;
    }

    /** The next message; {@code unique} goes into Message-ID and body so every message hashes differently. */
    public byte[] next(String unique) {
        counter++;
        boolean attach = attachments && random.nextInt(20) == 0;
        int textSize = 2_000 + (int) Math.min(18_000, -Math.log(1 - random.nextDouble()) * 5_000);
        String from = PEOPLE[random.nextInt(PEOPLE.length)];
        String to = PEOPLE[random.nextInt(PEOPLE.length)];
        String subject = words(3 + random.nextInt(4));
        ZonedDateTime date = ZonedDateTime.of(2024, 1, 1, 8, 0, 0, 0, ZoneOffset.UTC).plusMinutes(counter * 7);
        StringBuilder m = new StringBuilder(textSize + 1024);
        m.append("Return-Path: <").append(from).append("@example.com>\r\n")
            .append("Received: from mx.example.com by imap.example.org; ").append(DATE.format(date)).append("\r\n")
            .append("Message-ID: <").append(unique).append('.').append(counter).append("@bench.example>\r\n")
            .append("Date: ").append(DATE.format(date)).append("\r\n")
            .append("From: ").append(cap(from)).append(" <").append(from).append("@example.com>\r\n")
            .append("To: ").append(cap(to)).append(" <").append(to).append("@example.org>\r\n")
            .append("Subject: ").append(subject).append("\r\n")
            .append("MIME-Version: 1.0\r\n");
        String text = body(textSize, unique);
        if (!attach) {
            m.append("Content-Type: text/plain; charset=utf-8\r\n\r\n").append(text);
            return m.toString().getBytes(StandardCharsets.UTF_8);
        }
        String boundary = "b-" + counter;
        m.append("Content-Type: multipart/mixed; boundary=\"").append(boundary).append("\"\r\n\r\n")
            .append("--").append(boundary).append("\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n")
            .append(text).append("\r\n--").append(boundary)
            .append("\r\nContent-Type: application/pdf; name=\"doc").append(counter).append(".pdf\"\r\n")
            .append("Content-Transfer-Encoding: base64\r\n")
            .append("Content-Disposition: attachment; filename=\"doc").append(counter).append(".pdf\"\r\n\r\n");
        byte[] blob = new byte[100_000 + random.nextInt(650_000)];  // base64 makes this 133 KB - 1 MB
        random.nextBytes(blob);
        String b64 = Base64.getMimeEncoder(76, new byte[] {'\r', '\n'}).encodeToString(blob);
        m.append(b64).append("\r\n--").append(boundary).append("--\r\n");
        return m.toString().getBytes(StandardCharsets.UTF_8);
    }

    private String body(int size, String unique) {
        StringBuilder b = new StringBuilder(size + 100);
        b.append("Hello,\r\n\r\nreference ").append(unique).append("\r\n");
        // A rare word, so BODY search has a selective hit list (one message in fifty).
        if (random.nextInt(50) == 0) b.append("the xylophone arrives tomorrow\r\n");
        int col = 0;
        while (b.length() < size) {
            String w = WORDS[random.nextInt(WORDS.length)];
            b.append(w);
            col += w.length() + 1;
            if (col > 70) {
                b.append("\r\n");
                col = 0;
            } else {
                b.append(' ');
            }
        }
        return b.append("\r\n\r\n-- \r\nsent by the benchmark\r\n").toString();
    }

    private String words(int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) s.append(i == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
        return cap(s.toString());
    }

    private static String cap(String s) { return Character.toUpperCase(s.charAt(0)) + s.substring(1); }
}
