package satchel.session;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import satchel.wire.ImapReader;
import satchel.wire.Limits;
import satchel.wire.LiteralSpool;
import satchel.wire.ResponseWriter;
import satchel.wire.Settings;

/**
 * The byte-level side of a session: transport, reader and writer, and the two layers that can be pushed
 * under them mid-connection (TLS, DEFLATE). Owned by the connection thread, except {@link #writer} and
 * {@link #close}. Protocol traces tap the plaintext above both layers.
 */
final class Connection {
    private final Transport transport;
    private final ResponseWriter writer;
    private final TraceTap tap = new TraceTap();
    private final LiteralSpool spool;
    private final Notifications notifications = new Notifications();
    private final AppendsAhead appendsAhead = new AppendsAhead();
    private volatile ImapReader reader;
    private volatile Settings settings = Settings.IMAP4REV1; // written by the connection thread only
    private boolean compressed;
    private long bytesBefore;

    Connection(Transport transport, LiteralSpool spool) throws IOException {
        this.transport = transport;
        this.spool = spool;
        this.reader = newReader(tap.in(transport.input()));
        this.writer = new ResponseWriter(tap.out(transport.output()));
    }

    /** Starts a protocol trace (see {@link TraceTap}) unless one runs; null does nothing. */
    void trace(TraceSink sink) {
        if (!tap.start(sink) && sink != null) sink.close();
    }

    Transport transport() { return transport; }

    ImapReader reader() { return reader; }

    ResponseWriter writer() { return writer; }

    /** NOTIFY (RFC 5465) of this connection, if set. */
    Notifications notifications() { return notifications; }

    /** Pipelined APPENDs read ahead of their turn (issue 11). */
    AppendsAhead appendsAhead() { return appendsAhead; }

    boolean compressed() { return compressed; }

    /** Bytes read by readers replaced so far (STARTTLS, COMPRESS) plus the current one's. */
    long bytesRead() { return bytesBefore + reader.bytesRead(); }

    void limits(Limits limits) { reader.setLimits(limits); }

    /** What the client has enabled so far; any thread (the IDLE notifier reads it). */
    Settings settings() { return settings; }

    /**
     * Applies {@code change} to the session's settings, for the reader, the writer and the handlers alike;
     * true if that changed anything. The connection thread only.
     */
    boolean settings(java.util.function.UnaryOperator<Settings> change) {
        Settings next = change.apply(settings);
        if (next.equals(settings)) return false;
        settings = next;
        reader.setSettings(next);
        writer.setSettings(next);
        return true;
    }

    void readTimeout(Duration d) throws IOException { transport.setReadTimeout(d); }

    /**
     * RFC 3501 §6.2.1: after the tagged OK, the handshake; bytes the client pipelined after STARTTLS are
     * discarded with the old reader (CVE-2011-0411) rather than read as commands inside TLS.
     */
    void startTls() throws IOException {
        Limits limits = reader.limits();
        transport.startTls();
        bytesBefore += reader.bytesRead();
        reader.discardLiterals();
        reader = newReader(tap.in(transport.input()));
        reader.setLimits(limits);
        writer.setOutput(tap.out(transport.output()));
    }

    /** RFC 4978: raw DEFLATE both ways from the next byte after the tagged OK. */
    void compress() throws IOException {
        Limits limits = reader.limits();
        InputStream in = new DeflateInput(transport.input());
        OutputStream out = new DeflaterOutputStream(transport.output(), new Deflater(Deflater.DEFAULT_COMPRESSION, true), 8192, true);
        bytesBefore += reader.bytesRead();
        reader.discardLiterals();
        reader = newReader(tap.in(in));
        reader.setLimits(limits);
        writer.setOutput(tap.out(out));
        compressed = true;
    }

    private ImapReader newReader(InputStream in) {
        ImapReader r = new ImapReader(in);
        r.setSpool(spool);
        r.setSettings(settings);
        return r;
    }

    /** Any thread; spool files of a command cut short go too. */
    void close() {
        notifications.close();
        writer.markClosed();
        transport.close();
        reader.discardLiterals();
        tap.stop();
    }
}
