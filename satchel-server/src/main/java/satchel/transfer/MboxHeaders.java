package satchel.transfer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import satchel.store.Flags;

/**
 * The flag headers mbox programs keep in each message (mutt, Dovecot, UW-IMAP): {@code Status: RO} (R seen,
 * O old), {@code X-Status: AFTD} (answered, flagged, draft, deleted), {@code X-Keywords} (space or comma
 * separated). On import they become flags and are removed with the other bookkeeping headers ({@code X-UID},
 * {@code X-IMAP}, {@code X-IMAPbase}, {@code Content-Length}); on export they are written back.
 */
final class MboxHeaders {
    private MboxHeaders() {}

    private static final Set<String> BOOKKEEPING =
            Set.of("status", "x-status", "x-keywords", "x-uid", "x-imap", "x-imapbase", "content-length");

    /** {@code internal}: the folder's pseudo message (it has X-IMAP), which is not mail. */
    record Parsed(byte[] content, Set<String> flags, boolean internal) {}

    static Parsed parse(byte[] message) {
        int end = headerEnd(message);
        String head = new String(message, 0, end, StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream kept = new ByteArrayOutputStream(message.length);
        Set<String> flags = new TreeSet<>();
        boolean internal = false;
        boolean dropping = false;
        for (String line : head.split("(?<=\n)")) {
            boolean continuation = !line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t');
            if (!continuation) {
                int colon = line.indexOf(':');
                String field = colon > 0 ? line.substring(0, colon).trim().toLowerCase(Locale.ROOT) : "";
                dropping = BOOKKEEPING.contains(field);
                if (dropping) {
                    String value = line.substring(colon + 1).trim();
                    internal |= field.equals("x-imap");
                    flags(field, value, flags);
                }
            }
            if (!dropping) kept.writeBytes(line.getBytes(StandardCharsets.ISO_8859_1));
        }
        kept.write(message, end, message.length - end);
        return new Parsed(kept.toByteArray(), flags, internal);
    }

    private static void flags(String field, String value, Set<String> flags) {
        switch (field) {
            case "status" -> { if (value.indexOf('R') >= 0) flags.add(Flags.SEEN); }
            case "x-status" -> {
                if (value.indexOf('A') >= 0) flags.add(Flags.ANSWERED);
                if (value.indexOf('F') >= 0) flags.add(Flags.FLAGGED);
                if (value.indexOf('T') >= 0) flags.add(Flags.DRAFT);
                if (value.indexOf('D') >= 0) flags.add(Flags.DELETED);
            }
            case "x-keywords" -> {
                for (String k : value.split("[\\s,]+")) if (!k.isEmpty() && Flags.isKeyword(k)) flags.add(k);
            }
            default -> { }
        }
    }

    /** The offset of the empty line ending the header (or the end: a message of headers only). */
    static int headerEnd(byte[] m) {
        for (int i = 0; i < m.length; i++) {
            if (m[i] != '\n') continue;
            if (i + 1 < m.length && m[i + 1] == '\n') return i + 1;
            if (i + 2 < m.length && m[i + 1] == '\r' && m[i + 2] == '\n') return i + 1;
        }
        return m.length;
    }

    /** The header lines to add on export, LF-terminated. */
    static String format(Set<String> flags) {
        StringBuilder sb = new StringBuilder();
        sb.append("Status: ").append(flags.contains(Flags.SEEN) ? "RO" : "O").append('\n');
        StringBuilder x = new StringBuilder();
        if (flags.contains(Flags.ANSWERED)) x.append('A');
        if (flags.contains(Flags.FLAGGED)) x.append('F');
        if (flags.contains(Flags.DRAFT)) x.append('T');
        if (flags.contains(Flags.DELETED)) x.append('D');
        if (!x.isEmpty()) sb.append("X-Status: ").append(x).append('\n');
        String keywords = String.join(" ", new TreeSet<>(flags.stream().filter(Flags::isKeyword).toList()));
        if (!keywords.isEmpty()) sb.append("X-Keywords: ").append(keywords).append('\n');
        return sb.toString();
    }

    private static final Pattern ASCTIME =
            Pattern.compile("([A-Z][a-z]{2}) +([A-Z][a-z]{2}) +(\\d{1,2}) +(\\d{1,2}:\\d{2}(?::\\d{2})?) +(\\d{4})");
    private static final DateTimeFormatter PARSE =
            DateTimeFormatter.ofPattern("MMM d H:mm:ss yyyy", Locale.ROOT);
    static final DateTimeFormatter WRITE = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT);

    /**
     * The date of a {@code From sender Sat Dec  5 10:00:00 2026} line, in this machine's zone (mbox writers use
     * local time and say no zone); null (meaning now) when there is none. The weekday is not checked.
     */
    static Instant fromLineDate(String fromLine) {
        Matcher m = ASCTIME.matcher(fromLine);
        if (!m.find()) return null;
        String time = m.group(4).length() <= 5 ? m.group(4) + ":00" : m.group(4);
        try {
            return LocalDateTime.parse(m.group(2) + " " + m.group(3) + " " + time + " "
                    + m.group(5), PARSE).atZone(ZoneId.systemDefault()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
