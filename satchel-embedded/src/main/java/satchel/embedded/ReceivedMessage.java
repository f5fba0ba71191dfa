package satchel.embedded;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import satchel.mime.Headers;

/**
 * A stored message: UID, flags (IMAP names such as {@code \Seen}), internal date and the exact bytes, with the
 * top-level header fields parsed (unfolded; encoded words decoded by {@link #header}).
 */
public record ReceivedMessage(long uid, Set<String> flags, Instant internalDate, byte[] bytes) {
    public ReceivedMessage {
        flags = Set.copyOf(flags);
    }

    /** One header field: its name as written and its unfolded raw value. */
    public record Header(String name, String value) {}

    /** The top-level header fields in order, including the Return-Path, Delivered-To and Received a delivery adds. */
    public List<Header> headers() {
        int end = Headers.headerEnd(bytes, 0, bytes.length);
        List<Header> out = new ArrayList<>();
        for (Headers.Field f : Headers.parse(bytes, 0, end)) out.add(new Header(f.name(), Headers.value(bytes, f)));
        return out;
    }

    /** The first field named {@code name} (any case), RFC 2047 encoded words decoded. */
    public Optional<String> header(String name) {
        return headers().stream().filter(h -> h.name().equalsIgnoreCase(name)).findFirst()
                .map(h -> DecoderUtil.decodeEncodedWords(h.value(), DecodeMonitor.SILENT));
    }

    /** Every field named {@code name}, raw. */
    public List<String> headers(String name) {
        return headers().stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value).toList();
    }

    public String subject() {
        return header("Subject").orElse("");
    }

    public String from() {
        return header("From").orElse("");
    }

    /** The body after the header block, as text (UTF-8), undecoded: MIME parts and transfer encodings as sent. */
    public String body() {
        int end = Headers.headerEnd(bytes, 0, bytes.length);
        return new String(bytes, end, bytes.length - end, StandardCharsets.UTF_8);
    }

    public boolean seen() {
        return flags.contains("\\Seen");
    }

    /** One line for failure messages: uid, flags, From, Subject, size. */
    public String summary() {
        return "uid " + uid + " " + flags + " From: " + from() + " Subject: " + subject() + " (" + bytes.length
                + " bytes)";
    }

    @Override public byte[] bytes() {
        return bytes.clone();
    }

    @Override public boolean equals(Object o) {
        return o instanceof ReceivedMessage m && m.uid == uid && m.flags.equals(flags)
                && m.internalDate.equals(internalDate) && java.util.Arrays.equals(m.bytes, bytes);
    }

    @Override public int hashCode() {
        return Long.hashCode(uid) * 31 + java.util.Arrays.hashCode(bytes);
    }

    @Override public String toString() {
        return summary();
    }
}
