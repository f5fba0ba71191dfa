package satchel.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.event.KeyValuePair;

/**
 * One JSON object per line, flat, the shape log shippers and {@code jq} read without a mapping:
 * {@code {"timestamp":"2026-12-06T07:00:00.123Z","level":"INFO","logger":"satchel.server.ImapServer",
 * "thread":"imap-12","message":"connect ...","user":"alice","exception":"java.io...\n\tat ..."}}. MDC entries and
 * SLF4J key-value pairs become fields of their own (numbers and booleans unquoted); one whose name is taken
 * gets a leading underscore. Logback's own {@code JsonEncoder} writes epoch milliseconds, the unformatted
 * message template, key-values as a list of one-entry objects and a logger-context object on every line.
 */
public final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {
    private static final Set<String> FIXED = Set.of("timestamp", "level", "logger", "thread", "message", "exception");

    @Override public byte[] headerBytes() {
        return null;
    }

    @Override public byte[] footerBytes() {
        return null;
    }

    @Override public byte[] encode(ILoggingEvent e) {
        StringBuilder b = new StringBuilder(256);
        b.append('{');
        field(b, "timestamp", Instant.ofEpochMilli(e.getTimeStamp()).toString());
        b.append(',');
        field(b, "level", e.getLevel().toString());
        b.append(',');
        field(b, "logger", e.getLoggerName());
        b.append(',');
        field(b, "thread", e.getThreadName());
        b.append(',');
        field(b, "message", e.getFormattedMessage());
        Set<String> used = new HashSet<>(FIXED);
        Map<String, String> mdc = e.getMDCPropertyMap();
        if (mdc != null) mdc.forEach((k, v) -> extra(b, used, k, v));
        if (e.getKeyValuePairs() != null) {
            for (KeyValuePair kv : e.getKeyValuePairs()) extra(b, used, kv.key, kv.value);
        }
        IThrowableProxy t = e.getThrowableProxy();
        if (t != null) {
            b.append(',');
            field(b, "exception", ThrowableProxyUtil.asString(t));
        }
        b.append("}\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void extra(StringBuilder b, Set<String> used, String key, Object value) {
        String name = String.valueOf(key);
        while (!used.add(name)) name = "_" + name;
        b.append(',');
        string(b, name);
        b.append(':');
        switch (value) {
            case null -> b.append("null");
            case Boolean v -> b.append(v);
            case Integer v -> b.append(v);
            case Long v -> b.append(v);
            case Short v -> b.append(v);
            case Byte v -> b.append(v);
            case Double v when Double.isFinite(v) -> b.append(v);
            case Float v when Float.isFinite(v) -> b.append(v);
            default -> string(b, value.toString());
        }
    }

    private static void field(StringBuilder b, String name, String value) {
        string(b, name);
        b.append(':');
        if (value == null) b.append("null");
        else string(b, value);
    }

    /** RFC 8259 §7: quote, backslash and control characters escaped; the rest as is (the line is UTF-8). */
    static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    // U+2028/9 are valid JSON but break JavaScript readers; lone surrogates are not UTF-8.
                    if (c < 0x20 || c == 0x2028 || c == 0x2029 || Character.isSurrogate(c) && !paired(s, i)) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    private static boolean paired(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
