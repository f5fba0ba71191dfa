package satchel.search.bench;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Deterministic, mail-like messages for benchmarks: several Received lines and a DKIM signature, plain text,
 * multipart/alternative with quoted-printable HTML, replies with quoted text, ISO-8859-1 mail with RFC 2047
 * subjects, and one message in twelve with a 20-150 KB base64 attachment. Text uses a few hundred words in
 * English, French, German and Greek, so a trigram index sees a realistic vocabulary. One message in fifty
 * mentions "xylophone" (a selective BODY term); senders are spread over 60 people.
 */
public final class MailGen {
    private static final String[] WORDS = ("the of and to in is that for it as was with be by on not he this are or"
            + " his from at which but have an they you were her she there been one all we their has would when if"
            + " so no will more can about said some them into only new other could time these two may then do first"
            + " any my now such like our over man me even most made after also did many before must through back"
            + " years where much your way well down should because each just those people how too little state good"
            + " very make world still own see men work long get here between both life being under never day same"
            + " another know while last might us great old year off come since against go came right used take three"
            + " meeting invoice report lunch project deadline budget review update question holiday server release"
            + " contract draft schedule offer ticket weekly quarterly travel design customer support planning notes"
            + " database migration backup network outage incident payment shipment delivery warehouse approval"
            + " café crème déjà vu résumé naïve façade Straße München Grüße Übersicht Änderung Ελληνικά καλημέρα"
            + " συνάντηση München Zürich Göteborg københavn señor año niño jalapeño").split(" ");
    private static final String[] FIRST = {"Alice", "Bob", "Carol", "Dave", "Erin", "Frank", "Grace", "Heidi",
        "Ivan", "Judy", "Mallory", "Oscar", "Peggy", "Trent", "Victor", "Walter", "Zoë", "Jürgen", "Ørjan", "Ana"};
    private static final String[] LAST = {"Smith", "Jones", "Müller", "Dubois", "Papadopoulos"};
    private static final String[] DOMAINS = {"example.com", "example.org", "example.net", "mail.example",
        "lists.example.org"};
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT);

    private final SplittableRandom random;
    private long counter;

    public MailGen(long seed) {
        this.random = new SplittableRandom(seed);
    }

    public byte[] next() {
        counter++;
        int p = random.nextInt(60);
        String from = person(p);
        String to = person(random.nextInt(60));
        ZonedDateTime date = ZonedDateTime.of(2023, 1, 1, 8, 0, 0, 0, ZoneOffset.UTC).plusMinutes(counter * 5);
        boolean latin1 = random.nextInt(30) == 0;
        boolean reply = random.nextInt(4) == 0;
        String subject = (reply ? "Re: " : "") + sentence(3 + random.nextInt(6));
        StringBuilder m = new StringBuilder(8192);
        for (int i = 0, n = 2 + random.nextInt(3); i < n; i++) {
            m.append("Received: from mx").append(random.nextInt(40)).append(".example.net (mx.example.net [192.0.2.")
                    .append(random.nextInt(255)).append("])\r\n\tby imap.example.org with ESMTPS id ")
                    .append(Long.toHexString(random.nextLong())).append(";\r\n\t").append(DATE.format(date)).append("\r\n");
        }
        m.append("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.com; s=sel;\r\n\th=from:to:subject:date;")
                .append(" bh=").append(b64(random, 32)).append(";\r\n\tb=").append(b64(random, 96)).append("\r\n")
                .append("Message-ID: <").append(counter).append('.').append(Long.toHexString(random.nextLong()))
                .append("@example.com>\r\n")
                .append("Date: ").append(DATE.format(date)).append("\r\n")
                .append("From: ").append(from).append("\r\n")
                .append("To: ").append(to).append("\r\n");
        if (random.nextInt(4) == 0) m.append("Cc: ").append(person(random.nextInt(60))).append(", ")
                .append(person(random.nextInt(60))).append("\r\n");
        if (reply) m.append("In-Reply-To: <").append(counter - 1).append(".x@example.com>\r\nReferences: <")
                .append(counter - 1).append(".x@example.com>\r\n");
        if (random.nextInt(5) == 0) m.append("List-Id: Team <team.lists.example.org>\r\n");
        m.append("Subject: ").append(latin1 ? "=?ISO-8859-1?Q?" + qEncode(subject) + "?=" : subject).append("\r\n")
                .append("MIME-Version: 1.0\r\n");
        String text = body(1_000 + (int) Math.min(30_000, -Math.log(1 - random.nextDouble()) * 4_000), reply);
        int kind = random.nextInt(12);
        Charset cs = latin1 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8;
        if (kind < 6 || latin1) {
            m.append("Content-Type: text/plain; charset=").append(cs.name().toLowerCase(Locale.ROOT))
                    .append("\r\nContent-Transfer-Encoding: 8bit\r\n\r\n");
            return concat(m.toString(), text, cs);
        }
        String b = "=_b" + Long.toHexString(random.nextLong());
        if (kind < 11) {
            m.append("Content-Type: multipart/alternative; boundary=\"").append(b).append("\"\r\n\r\n")
                    .append("--").append(b).append("\r\nContent-Type: text/plain; charset=utf-8\r\n")
                    .append("Content-Transfer-Encoding: quoted-printable\r\n\r\n").append(qp(text))
                    .append("\r\n--").append(b).append("\r\nContent-Type: text/html; charset=utf-8\r\n")
                    .append("Content-Transfer-Encoding: quoted-printable\r\n\r\n")
                    .append(qp("<html><body><p>" + text.replace("\r\n\r\n", "</p><p>") + "</p></body></html>"))
                    .append("\r\n--").append(b).append("--\r\n");
            return m.toString().getBytes(StandardCharsets.UTF_8);
        }
        byte[] blob = new byte[15_000 + random.nextInt(100_000)];
        random.nextBytes(blob);
        m.append("Content-Type: multipart/mixed; boundary=\"").append(b).append("\"\r\n\r\n")
                .append("--").append(b).append("\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n").append(text)
                .append("\r\n--").append(b).append("\r\nContent-Type: application/pdf; name=\"report-")
                .append(counter).append(".pdf\"\r\nContent-Transfer-Encoding: base64\r\n")
                .append("Content-Disposition: attachment; filename=\"report-").append(counter).append(".pdf\"\r\n\r\n")
                .append(Base64.getMimeEncoder(76, new byte[] {'\r', '\n'}).encodeToString(blob))
                .append("\r\n--").append(b).append("--\r\n");
        return m.toString().getBytes(StandardCharsets.UTF_8);
    }

    private String person(int i) {
        String first = FIRST[i % FIRST.length], last = LAST[i / FIRST.length % LAST.length];
        String addr = (first + "." + last).toLowerCase(Locale.ROOT).replaceAll("[^a-z.]", "x") + "@"
                + DOMAINS[i % DOMAINS.length];
        boolean ascii = (first + last).chars().allMatch(c -> c < 128);
        return (ascii ? "\"" + first + " " + last + "\"" : "=?UTF-8?B?"
                + Base64.getEncoder().encodeToString((first + " " + last).getBytes(StandardCharsets.UTF_8)) + "?=")
                + " <" + addr + ">";
    }

    private String body(int size, boolean reply) {
        StringBuilder b = new StringBuilder(size + 200);
        b.append("Hello,\r\n\r\n");
        if (random.nextInt(50) == 0) b.append("The xylophone arrives tomorrow.\r\n");
        b.append("Ticket ").append(100_000 + random.nextInt(900_000)).append(".\r\n");
        int col = 0;
        while (b.length() < size) {
            if (reply && col == 0 && random.nextInt(6) == 0) b.append("> ");
            String w = WORDS[random.nextInt(WORDS.length)];
            b.append(w);
            col += w.length() + 1;
            if (col > 66) {
                b.append(random.nextInt(5) == 0 ? ".\r\n\r\n" : "\r\n");
                col = 0;
            } else {
                b.append(' ');
            }
        }
        return b.append("\r\n\r\n-- \r\nRegards\r\n").toString();
    }

    private String sentence(int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) s.append(i == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String b64(SplittableRandom r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    private static byte[] concat(String head, String body, Charset cs) {
        return (head + body).getBytes(cs);
    }

    /** RFC 2045 quoted-printable of UTF-8 text, lines kept under 76 characters. */
    private static String qp(String s) {
        StringBuilder out = new StringBuilder(s.length() + s.length() / 8);
        int col = 0;
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c == '\r' || c == '\n') {
                out.append((char) c);
                col = 0;
                continue;
            }
            String enc = c == '=' || c >= 128 ? String.format("=%02X", c) : String.valueOf((char) c);
            if (col + enc.length() > 74) {
                out.append("=\r\n");
                col = 0;
            }
            out.append(enc);
            col += enc.length();
        }
        return out.toString();
    }

    private static String qEncode(String s) {
        StringBuilder out = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.ISO_8859_1)) {
            int c = x & 0xff;
            if (c == ' ') out.append('_');
            else if (c < 128 && Character.isLetterOrDigit(c)) out.append((char) c);
            else out.append(String.format("=%02X", c));
        }
        return out.toString();
    }
}
