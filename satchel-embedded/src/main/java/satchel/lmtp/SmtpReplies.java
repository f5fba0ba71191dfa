package satchel.lmtp;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import satchel.delivery.Status;

/**
 * Writes replies (RFC 5321 §4.2): {@code code SP [enhanced SP] text CRLF}, multi-line ones with {@code code-}.
 * Buffered: the session flushes when the client waits for us (nothing more pipelined, RFC 2920 §3.1). Text has
 * CR, LF and other controls replaced, so nothing echoed can forge a reply line. One writer per connection.
 */
public final class SmtpReplies {
    private final OutputStream out;

    public SmtpReplies(OutputStream out) {
        this.out = out;
    }

    public void reply(Status s) throws IOException {
        line(s.code() + " " + s.enhanced() + " " + s.text());
    }

    /** A reply without an enhanced code: the greeting and the LHLO/EHLO reply (RFC 2034 §3). */
    public void plain(int code, String text) throws IOException {
        line(code + " " + text);
    }

    /** A multi-line reply: {@code code-line} for all but the last. */
    public void multi(int code, List<String> lines) throws IOException {
        for (int i = 0; i < lines.size(); i++) {
            line(code + (i == lines.size() - 1 ? " " : "-") + lines.get(i));
        }
    }

    public void flush() throws IOException {
        out.flush();
    }

    private void line(String text) throws IOException {
        out.write((text.replaceAll("\\p{Cntrl}", "?") + "\r\n").getBytes(StandardCharsets.UTF_8));
    }
}
