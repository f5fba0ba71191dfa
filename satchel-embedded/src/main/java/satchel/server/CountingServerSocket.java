package satchel.server;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.atomic.LongAdder;

/**
 * A listening socket whose connections add the bytes they read and write to two totals as the bytes flow, so
 * a scrape sees a long FETCH or an IDLE session at once, not when the session ends. The count is taken on the
 * TCP socket, under any TLS layer: an {@code SSLSocket} layered on a connection reads and writes through that
 * socket's streams, so what is counted is what crossed the network (TLS records included, COMPRESS'd bytes as
 * compressed). One adder update per read or write call, and reads and writes are in buffers.
 */
final class CountingServerSocket extends ServerSocket {
    private final LongAdder received;
    private final LongAdder sent;

    CountingServerSocket(LongAdder received, LongAdder sent) throws IOException {
        this.received = received;
        this.sent = sent;
    }

    @Override public Socket accept() throws IOException {
        if (isClosed()) throw new SocketException("Socket is closed");
        if (!isBound()) throw new SocketException("Socket is not bound yet");
        Socket s = new Counted();
        implAccept(s);
        return s;
    }

    private final class Counted extends Socket {
        private InputStream in;
        private OutputStream out;

        @Override public synchronized InputStream getInputStream() throws IOException {
            if (in == null) in = new In(super.getInputStream());
            return in;
        }

        @Override public synchronized OutputStream getOutputStream() throws IOException {
            if (out == null) out = new Out(super.getOutputStream());
            return out;
        }
    }

    private final class In extends FilterInputStream {
        In(InputStream in) {
            super(in);
        }

        @Override public int read() throws IOException {
            int b = super.read();
            if (b >= 0) received.increment();
            return b;
        }

        @Override public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) received.add(n);
            return n;
        }

        @Override public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            if (skipped > 0) received.add(skipped);
            return skipped;
        }
    }

    private final class Out extends FilterOutputStream {
        Out(OutputStream out) {
            super(out);
        }

        @Override public void write(int b) throws IOException {
            out.write(b);
            sent.increment();
        }

        @Override public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len); // not FilterOutputStream's byte-by-byte loop
            sent.add(len);
        }
    }
}
