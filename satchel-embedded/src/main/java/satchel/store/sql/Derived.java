package satchel.store.sql;

import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import satchel.mime.MessageStructure;

/**
 * What is stored beside a blob, derived from its MIME structure once: the structure FETCH reads (without search
 * text), the decoded search headers and text already folded for SEARCH's exact check ({@link
 * satchel.mime.FoldedSearch}), and the full-text index row. Computed
 * outside the write lock; written in the blob's transaction, so it is exactly as durable as the message.
 */
public record Derived(byte[] structure, boolean headersTruncated, byte[] searchData, String[] index) {
    public static Derived of(MessageStructure s) {
        return new Derived(s.withoutSearchData().toBytes(), s.searchHeadersTruncated(),
                deflate(s.foldedSearch().toBytes()), SearchDocument.of(s));
    }

    /** About how many bytes this adds to the database (for bounding a commit group). */
    long size() {
        long n = structure.length + searchData.length;
        for (String col : index) n += col.length();
        return n;
    }

    /** Search data is decoded text, kept deflated (fast level): about a third of the size, cheap to inflate. */
    public static byte[] deflate(byte[] b) {
        Deflater d = new Deflater(Deflater.BEST_SPEED);
        try {
            d.setInput(b);
            d.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(b.length / 3 + 64);
            byte[] chunk = new byte[8192];
            while (!d.finished()) out.write(chunk, 0, d.deflate(chunk));
            return out.toByteArray();
        } finally {
            d.end();
        }
    }

    public static byte[] inflate(byte[] b) {
        try (Inflating i = new Inflating()) {
            return java.util.Arrays.copyOf(i.inflate(b), i.length());
        }
    }

    /**
     * Inflates many values with one {@link Inflater} into one reused buffer: a SEARCH that reads every message's
     * search data would otherwise spend a good part of its time setting up inflaters and growing arrays.
     * Not thread-safe; the buffer returned is valid up to {@link #length} until the next call.
     */
    public static final class Inflating implements AutoCloseable {
        private final Inflater inflater = new Inflater();
        private byte[] buf = new byte[64 * 1024];
        private int length;

        public byte[] inflate(byte[] b) {
            inflater.reset();
            inflater.setInput(b);
            length = 0;
            try {
                while (!inflater.finished()) {
                    if (length == buf.length) buf = java.util.Arrays.copyOf(buf, buf.length * 2);
                    int n = inflater.inflate(buf, length, buf.length - length);
                    if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                        throw new IllegalArgumentException("truncated search data");
                    }
                    length += n;
                }
            } catch (DataFormatException e) {
                throw new IllegalArgumentException("corrupt search data", e);
            }
            return buf;
        }

        public int length() { return length; }

        @Override public void close() { inflater.end(); }
    }

    /** Everything derived from {@code userId}'s new blob, with its index row. */
    void insert(Connection c, FullTextIndex fullText, long blobId, long userId) throws SQLException {
        insertData(c, blobId);
        fullText.insert(c, userId, blobId, index);
    }

    /** The structure and search text only (schema version 2 wrote these; version 4 builds the index). */
    void insertData(Connection c, long blobId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO structures (blob_id, headers_truncated, structure) VALUES (?, ?, ?)")) {
            ps.setLong(1, blobId);
            ps.setInt(2, headersTruncated ? 1 : 0);
            ps.setBytes(3, structure);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO search_data (blob_id, data) VALUES (?, ?)")) {
            ps.setLong(1, blobId);
            ps.setBytes(2, searchData);
            ps.executeUpdate();
        }
    }

    /** Removes everything derived from blobs that are about to go. */
    static void delete(Connection c, FullTextIndex fullText, Collection<Long> blobIds) throws SQLException {
        fullText.delete(c, blobIds);
        for (String sql : new String[] {"DELETE FROM search_data WHERE blob_id = ?", "DELETE FROM structures WHERE blob_id = ?"}) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (long id : blobIds) {
                    ps.setLong(1, id);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }
}
