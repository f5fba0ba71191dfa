package satchel.delivery;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A message as it arrives, with bare LF line ends made CRLF (what IMAP needs, RFC 5322 §2.3; a CR already before
 * the LF is kept, a lone CR is left alone). The first {@code memoryBytes} stay in the heap; the rest go to a file
 * (mode 0600) in the spool directory, so a large message costs a copy buffer while it arrives, not its size. Bytes
 * beyond {@code maxBytes} are counted and dropped ({@link #overflowed}), so the sender can be told 552 after it
 * finished. If the spool file cannot be written (disk full) the bytes are still taken and dropped, and
 * {@link #spoolFailure} says why. One writer; {@link #close} deletes the file.
 */
public final class MessageBuffer extends OutputStream {
    private final long maxBytes;
    private final long memoryBytes;
    private final Path spoolDir; // null: everything stays in memory
    private final ByteArrayOutputStream head = new ByteArrayOutputStream();
    private Path file;
    private OutputStream fileOut;
    private IOException spoolFailure;
    private long size; // bytes after CRLF normalisation, counted even past maxBytes
    private boolean lastCr;

    public MessageBuffer(long maxBytes, long memoryBytes, Path spoolDir) {
        this.maxBytes = maxBytes;
        this.memoryBytes = memoryBytes;
        this.spoolDir = spoolDir;
    }

    @Override public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override public void write(byte[] b, int off, int len) throws IOException {
        int start = off;
        int end = off + len;
        for (int i = off; i < end; i++) {
            if (b[i] == '\n' && !(i > off ? b[i - 1] == '\r' : lastCr)) {
                put(b, start, i - start);
                put(CR, 0, 1);
                start = i; // the LF goes out with the next run
            }
        }
        put(b, start, end - start);
        if (len > 0) lastCr = b[end - 1] == '\r';
    }

    private static final byte[] CR = {'\r'};

    private void put(byte[] b, int off, int len) {
        if (len == 0) return;
        long before = size;
        size += len;
        if (before >= maxBytes) return;
        int keep = (int) Math.min(len, maxBytes - before);
        if (fileOut == null && head.size() + keep <= memoryBytes || spoolDir == null) {
            head.write(b, off, keep);
            return;
        }
        if (spoolFailure != null) return;
        try {
            if (fileOut == null) openFile();
            fileOut.write(b, off, keep);
        } catch (IOException e) {
            spoolFailure = e;
        }
    }

    private void openFile() throws IOException {
        Files.createDirectories(spoolDir);
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        file = posix ? Files.createTempFile(spoolDir, "lmtp-", ".eml",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(spoolDir, "lmtp-", ".eml");
        fileOut = new java.io.BufferedOutputStream(Files.newOutputStream(file), 64 * 1024);
    }

    /** Bytes received so far (after CRLF normalisation), including any past the limit. */
    public long size() { return size; }

    public boolean overflowed() { return size > maxBytes; }

    /** Why the spool could not take the message, or null. */
    public IOException spoolFailure() { return spoolFailure; }

    /** The whole message in one array (the store takes it so); the caller accounts for its memory. */
    public byte[] bytes() throws IOException {
        if (spoolFailure != null) throw spoolFailure;
        if (fileOut == null) return head.toByteArray();
        fileOut.flush();
        byte[] out = new byte[Math.toIntExact(Math.min(size, maxBytes))];
        int h = head.size();
        System.arraycopy(head.toByteArray(), 0, out, 0, h);
        try (var in = Files.newInputStream(file)) {
            in.readNBytes(out, h, out.length - h);
        }
        return out;
    }

    /** Deletes the spool file; idempotent. */
    @Override public void close() {
        try {
            if (fileOut != null) fileOut.close();
        } catch (IOException ignored) {
            // the file goes anyway
        }
        fileOut = null;
        try {
            if (file != null) Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // left for the spool's start-up clean-up
        }
        file = null;
    }
}
