package satchel.session;

import java.io.IOException;
import satchel.wire.Response;
import satchel.wire.ResponseWriter;

/**
 * Responses for the command being run. Untagged responses go out at once; the tagged completion is held until
 * the loop has sent any pending mailbox updates (RFC 3501 §7: untagged data precedes the tagged result).
 */
public final class Replies {
    public enum Status { OK, NO, BAD }

    private final ResponseWriter writer;
    private String tag;
    private Response tagged;
    private Status status;
    private IoAction then;

    /** Work that must follow the tagged completion on the wire (STARTTLS handshake, COMPRESS). */
    @FunctionalInterface
    public interface IoAction {
        void run() throws IOException;
    }

    Replies(ResponseWriter writer) {
        this.writer = writer;
    }

    void begin(String tag) {
        this.tag = tag;
        this.tagged = null;
        this.status = null;
        this.then = null;
    }

    /** Runs {@code action} right after the tagged completion has been written. */
    public void then(IoAction action) { this.then = action; }

    /** Sends an untagged (or continuation) response now. */
    public void send(Response r) throws IOException {
        writer.send(r);
    }

    /** Queues an untagged response without flushing (many FETCH lines); the tagged completion flushes. */
    public void queue(Response r) throws IOException {
        writer.queue(r);
    }

    /** Queues complete CRLF-terminated response lines the caller rendered (see {@link ResponseWriter#queueLines}). */
    void queueLines(byte[] lines, int off, int len) throws IOException {
        writer.queueLines(lines, off, len);
    }

    /** Flushes queued untagged responses (used by the IDLE notifier). */
    void writerFlush() throws IOException {
        writer.flush();
    }

    public void ok(String text) { complete(Status.OK, null, text); }

    public void ok(String code, String text) { complete(Status.OK, code, text); }

    public void no(String text) { complete(Status.NO, null, text); }

    public void no(String code, String text) { complete(Status.NO, code, text); }

    public void bad(String text) { complete(Status.BAD, null, text); }

    public void bad(String code, String text) { complete(Status.BAD, code, text); }

    private void complete(Status s, String code, String text) {
        Response r = Response.tagged(tag).atom(s.name());
        if (code != null) r.code(code);
        tagged = r.text(text);
        status = s;
    }

    /** The result of the command (null if the handler did not complete it). */
    public Status status() { return status; }

    /** Writes the held tagged completion. */
    void finish() throws IOException {
        if (tagged != null) writer.send(tagged);
        else writer.flush();
        if (then != null) {
            IoAction a = then;
            then = null;
            a.run();
        }
    }

    ResponseWriter writer() { return writer; }
}
