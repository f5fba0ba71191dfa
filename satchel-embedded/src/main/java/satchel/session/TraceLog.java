package satchel.session;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A protocol trace in the style of Dovecot's rawlog: one output line per protocol line, prefixed with the time
 * and {@code C:} (client) or {@code S:} (server). Secrets never reach the output: LOGIN's password (atom, quoted
 * or literal, and anything after it) and every client line of an AUTHENTICATE exchange, including a SASL-IR
 * initial response, are written as {@code ***}. The client side is parsed just enough for that: lines, and
 * the literals announced at their ends ({@code {n}}, {@code {n+}}, {@code ~{n}}).
 */
public final class TraceLog implements TraceSink {
    static final String MASK = "***";
    private static final int MAX_LINE = 64 * 1024;
    private static final Pattern LITERAL_AT_END = Pattern.compile("~?\\{(\\d{1,18})(\\+?)}$");
    private static final Pattern COMMAND = Pattern.compile("(\\S+) (\\S+)(.*)", Pattern.DOTALL);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private final OutputStream out;
    private final ByteArrayOutputStream clientLine = new ByteArrayOutputStream();
    private final ByteArrayOutputStream serverLine = new ByteArrayOutputStream();
    private boolean commandStart = true;   // the next client line starts a command
    private boolean maskRest;              // the rest of the current command is secret (LOGIN password)
    private boolean userLiteralPending;    // LOGIN's user name is the literal being read; the password follows
    private boolean discarding;            // an overlong client line: drop the rest of it
    private long literalLeft;
    private boolean literalMasked;
    private boolean literalSync;           // a synchronizing literal the server has not accepted yet
    private String currentTag;
    private String authTag;                // an AUTHENTICATE exchange runs until the server answers this tag
    private boolean failed;

    public TraceLog(OutputStream out) {
        this.out = out;
    }

    @Override public synchronized void client(byte[] b, int off, int len) {
        int end = off + len;
        int i = off;
        while (i < end) {
            if (literalLeft > 0) {
                int n = (int) Math.min(literalLeft, end - i);
                if (!literalMasked) emitRaw("C: ", b, i, n);
                literalLeft -= n;
                i += n;
                if (literalLeft == 0) {
                    if (literalMasked) emitLine("C: ", MASK);
                    else endRaw();
                }
                continue;
            }
            byte c = b[i++];
            if (c == '\n') {
                clientLine(stripCr(clientLine.toString(StandardCharsets.UTF_8)));
                clientLine.reset();
                discarding = false;
            } else if (!discarding) {
                clientLine.write(c);
                if (clientLine.size() > MAX_LINE) { // the reader will reject it; keep memory bounded, mask as usual
                    clientLine(clientLine.toString(StandardCharsets.UTF_8) + " [truncated]");
                    clientLine.reset();
                    discarding = true;
                }
            }
        }
        flush();
    }

    @Override public synchronized void server(byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        while (i < end) {
            int nl = i;
            while (nl < end && b[nl] != '\n') nl++;
            int take = Math.min(nl - i, Math.max(0, MAX_LINE - serverLine.size()));
            serverLine.write(b, i, take);
            i += take;
            if (i < nl) { // an overlong line: out in pieces, memory stays bounded
                serverLine(serverLine.toString(StandardCharsets.UTF_8));
                serverLine.reset();
                continue;
            }
            if (nl < end) {
                serverLine(stripCr(serverLine.toString(StandardCharsets.UTF_8)));
                serverLine.reset();
                i = nl + 1;
            }
        }
        flush();
    }

    /** One client line (a command, the part of one after a literal, or a SASL response). */
    private void clientLine(String line) {
        boolean start = commandStart;
        Matcher lit = LITERAL_AT_END.matcher(line);
        boolean literal = lit.find();
        String shown = line;
        if (authTag != null) {
            shown = MASK;
        } else if (start) {
            maskRest = false;
            shown = commandLine(line);
        } else if (maskRest) {
            shown = MASK;
        } else if (userLiteralPending) { // the part after LOGIN's literal user name: the password
            userLiteralPending = false;
            maskRest = true;
            shown = MASK;
        }
        emitLine("C: ", shown);
        if (literal) {
            literalLeft = Long.parseLong(lit.group(1));
            literalSync = lit.group(2).isEmpty();
            literalMasked = authTag != null || maskRest;
            commandStart = false;
        } else {
            commandStart = true;
            userLiteralPending = false;
        }
    }

    /** The first line of a command: LOGIN and AUTHENTICATE lose their secrets here. */
    private String commandLine(String line) {
        Matcher m = COMMAND.matcher(line);
        if (!m.matches()) return line;
        currentTag = m.group(1);
        String name = m.group(2).toUpperCase(Locale.ROOT);
        String args = m.group(3);
        if (name.equals("AUTHENTICATE")) {
            authTag = currentTag;
            String[] words = args.strip().split(" ", 2);
            return m.group(1) + " " + m.group(2) + " " + words[0] + (words.length > 1 ? " " + MASK : "");
        }
        if (!name.equals("LOGIN")) return line;
        int userEnd = astringEnd(args, 1);
        if (userEnd < 0) { // the user name is a literal at the end of this line; the password comes after it
            if (LITERAL_AT_END.matcher(args).find()) {
                userLiteralPending = true;
                return line;
            }
            maskRest = true;
            return m.group(1) + " " + m.group(2) + " " + MASK;
        }
        maskRest = true;
        return m.group(1) + " " + m.group(2) + args.substring(0, userEnd) + " " + MASK;
    }

    /** End of the atom or quoted string starting at {@code from} (after one space); -1 for a literal or junk. */
    private static int astringEnd(String s, int from) {
        if (from > s.length() || !s.startsWith(" ")) return -1;
        if (from < s.length() && s.charAt(from) == '"') {
            for (int i = from + 1; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '\\') i++;
                else if (c == '"') return i + 1;
            }
            return -1;
        }
        if (from < s.length() && (s.charAt(from) == '{' || s.charAt(from) == '~')) return -1;
        int sp = s.indexOf(' ', from);
        return sp < 0 ? -1 : sp;
    }

    private void serverLine(String line) {
        emitLine("S: ", line);
        if (line.startsWith("+")) literalSync = false;
        if (authTag != null && line.startsWith(authTag + " ")) authTag = null;
        // A synchronizing literal the server refused (tagged answer instead of "+") is never sent.
        if (literalLeft > 0 && literalSync && currentTag != null && line.startsWith(currentTag + " ")) {
            literalLeft = 0;
            commandStart = true;
            maskRest = false;
            userLiteralPending = false;
        }
    }

    private static String stripCr(String s) {
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    private boolean rawOpen;

    /** Literal bytes, shown as they are, line by line (each run up to a newline written at once). */
    private void emitRaw(String side, byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        while (i < end) {
            if (!rawOpen) {
                write((LocalTime.now().format(TIME) + " " + side).getBytes(StandardCharsets.UTF_8));
                rawOpen = true;
            }
            int nl = i;
            while (nl < end && b[nl] != '\n') nl++;
            int runEnd = nl < end && nl > i && b[nl - 1] == '\r' ? nl - 1 : nl;
            write(b, i, runEnd - i);
            if (nl < end) {
                write(new byte[] {'\n'}, 0, 1);
                rawOpen = false;
            }
            i = nl + 1;
        }
    }

    private void endRaw() {
        if (rawOpen) write(new byte[] {'\n'});
        rawOpen = false;
    }

    private void emitLine(String side, String text) {
        endRaw();
        write((LocalTime.now().format(TIME) + " " + side + text + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private void write(byte[] b) {
        write(b, 0, b.length);
    }

    private void write(byte[] b, int off, int len) {
        if (failed || len == 0) return;
        try {
            out.write(b, off, len);
        } catch (IOException e) {
            failed = true; // a full disk must not break the session being traced
        }
    }

    private void flush() {
        if (failed) return;
        try {
            out.flush();
        } catch (IOException e) {
            failed = true;
        }
    }

    @Override public synchronized void close() {
        endRaw();
        try {
            out.close();
        } catch (IOException e) {
            // nothing to do: the trace is best effort
        }
    }
}
