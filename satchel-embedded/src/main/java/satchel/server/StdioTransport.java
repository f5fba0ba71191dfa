package satchel.server;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import satchel.session.Transport;

/**
 * A {@link Transport} on standard input and output, for {@code satchel imap-stdio} (a PREAUTH session run
 * by a local program, e.g. over ssh or as a mail client's "tunnel" command). The peer is the local user,
 * so it counts as secure and loopback. Read timeouts are not supported on stdin: the calling program
 * decides how long the session lives.
 */
public final class StdioTransport implements Transport {
    private final InputStream in;
    private final OutputStream out;

    public StdioTransport(InputStream in, OutputStream out) {
        this.in = in;
        this.out = out;
    }

    /** The process's own stdin/stdout, bypassing {@link System#out} so stray prints cannot corrupt the stream. */
    public static StdioTransport system() {
        return new StdioTransport(new FileInputStream(FileDescriptor.in),
                new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 16 * 1024));
    }

    @Override public InputStream input() {
        return in;
    }

    @Override public OutputStream output() {
        return out;
    }

    @Override public boolean secure() {
        return true;
    }

    @Override public boolean loopback() {
        return true;
    }

    @Override public String remoteAddress() {
        return "stdio";
    }

    @Override public boolean tlsAvailable() {
        return false;
    }

    @Override public void startTls() throws IOException {
        throw new IOException("STARTTLS is not available on stdio");
    }

    @Override public void setReadTimeout(Duration timeout) {
        // stdin cannot time out a blocking read; see the class comment
    }

    @Override public void close() {
        try {
            out.flush();
        } catch (IOException e) {
            // the reader went away; nothing to report to
        }
        try {
            out.close();
        } catch (IOException e) {
            // same
        }
        try {
            in.close();
        } catch (IOException e) {
            // same
        }
    }
}
