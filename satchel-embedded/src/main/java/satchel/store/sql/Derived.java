package satchel.store.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import java.util.List;
import java.util.Optional;
import satchel.mime.MessageStructure;
import satchel.mime.Preview;
import satchel.mime.RenderedStructure;
import satchel.mime.SearchHeaders;
import satchel.store.ThreadRule;

/**
 * What is stored beside a blob, derived from its MIME structure once: the structure FETCH reads (without search
 * text) and the decoded search headers and text already folded for SEARCH's exact check ({@link
 * satchel.mime.FoldedSearch}), as a zlib stream: deflated, or in stored blocks where the dialect says so ({@link
 * Dialect#deflatesSearchText}); readers inflate both alike. Computed before the write ({@link Prepared}, on the session's thread);
 * written in the blob's transaction, so it is exactly as durable as the message. The full-text index row is not
 * here: {@link SearchIndexer} builds it later from {@code search_data}.
 */
public record Derived(byte[] structure, boolean headersTruncated, byte[] searchData, List<String> threadKeys,
                      Optional<String> preview, byte[] searchHeaders, byte[] rendered) {
    /** Without the message bytes there is no preview: it is computed on first FETCH PREVIEW (ObjectRows). */
    public static Derived of(MessageStructure s) {
        return of(s, Optional.empty(), true);
    }

    /** A new message at delivery: everything, the RFC 8970 preview and RFC 8474 thread keys included. */
    public static Derived parse(byte[] content) {
        return atDelivery(content, MessageStructure.parse(content), true);
    }

    /** As {@link #parse}, for a structure the caller has parsed already; the search text deflated or stored. */
    static Derived atDelivery(byte[] content, MessageStructure s, boolean deflate) {
        return of(s, Optional.of(Preview.of(content, s)), deflate);
    }

    private static Derived of(MessageStructure s, Optional<String> preview, boolean deflate) {
        byte[] structure = s.withoutSearchData().toBytes();
        satchel.mime.FoldedSearch folded = s.foldedSearch();
        return new Derived(structure, s.searchHeadersTruncated(), deflate ? deflate(folded) : stored(folded),
                ThreadRule.keys(s), preview, SearchHeaders.rowOf(s), RenderedStructure.of(structure));
    }

    /**
     * Without what later migrations add and fill themselves, the {@code folded_headers} row (null anyway when the
     * headers were kept only in part) and the rendered ENVELOPE/BODYSTRUCTURE: for writes into an older schema.
     */
    Derived withoutSearchHeaders() {
        return new Derived(structure, headersTruncated, searchData, threadKeys, preview, null, null);
    }

    /** About how many bytes this adds to the database (for bounding a commit group). */
    long size() {
        return structure.length + searchData.length + (searchHeaders == null ? 0 : searchHeaders.length)
                + (rendered == null ? 0 : rendered.length);
    }

    /**
     * Deflaters for reuse (issue 11): zlib allocates and clears a few hundred KiB for each new one, more than
     * deflating a typical message's search text costs. A handful covers the sessions preparing APPENDs at once
     * (on a 2-core machine, the two carriers); one more is made when none is free and dropped if the queue is full.
     */
    private static final java.util.concurrent.ArrayBlockingQueue<Deflater> DEFLATERS =
            new java.util.concurrent.ArrayBlockingQueue<>(Math.max(2, Runtime.getRuntime().availableProcessors()));

    /** Search data is decoded text, kept deflated (fast level): about a third of the size, cheap to inflate. */
    public static byte[] deflate(byte[] b) {
        return zlib(b, DEFLATERS, Deflater.BEST_SPEED, b.length / 3 + 64);
    }

    /**
     * {@code deflate(folded.toBytes())}, without making that array (as long as the text, and copied once more as it
     * grows): the pieces go to the compressor as they are encoded (issue 11).
     */
    static byte[] deflate(satchel.mime.FoldedSearch folded) {
        return zlib(folded, DEFLATERS, Deflater.BEST_SPEED, 8192);
    }

    /**
     * Deflaters at level 0 for reuse: they write the text in zlib's stored (uncompressed) blocks, RFC 1951 §3.2.4,
     * which {@link #inflate} and {@link Inflating} read like deflated ones, at the cost of a copy and an Adler-32
     * (deflate's fast level cost about ten times as much, issue 11).
     */
    private static final java.util.concurrent.ArrayBlockingQueue<Deflater> STORERS =
            new java.util.concurrent.ArrayBlockingQueue<>(Math.max(2, Runtime.getRuntime().availableProcessors()));

    /** {@code folded.toBytes()} as a zlib stream of stored blocks: readable as {@link #deflate}'s output is. */
    static byte[] stored(satchel.mime.FoldedSearch folded) {
        return zlib(folded, STORERS, Deflater.NO_COMPRESSION, folded.sizeHint() + 64);
    }

    private static byte[] zlib(satchel.mime.FoldedSearch folded, java.util.Queue<Deflater> pool, int level, int capacity) {
        Deflater d = deflater(pool, level);
        try {
            Deflating out = new Deflating(d, capacity);
            // Varints and coder bytes come one at a time: gathered, so the compressor is called per piece of text.
            java.io.BufferedOutputStream buffered = new java.io.BufferedOutputStream(out, 1024);
            folded.writeTo(buffered);
            buffered.flush();
            return out.finish();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // Deflating does not fail
        } finally {
            release(pool, d);
        }
    }

    /** {@link #stored(satchel.mime.FoldedSearch)} of bytes already encoded. */
    static byte[] stored(byte[] b) {
        return zlib(b, STORERS, Deflater.NO_COMPRESSION, b.length + 64);
    }

    private static byte[] zlib(byte[] b, java.util.Queue<Deflater> pool, int level, int capacity) {
        Deflater d = deflater(pool, level);
        try {
            Deflating out = new Deflating(d, capacity);
            out.write(b, 0, b.length);
            return out.finish();
        } finally {
            release(pool, d);
        }
    }

    private static Deflater deflater(java.util.Queue<Deflater> pool, int level) {
        Deflater d = pool.poll();
        return d != null ? d : new Deflater(level);
    }

    private static void release(java.util.Queue<Deflater> pool, Deflater d) {
        d.reset(); // also after a failure: the next user starts from a clean stream
        if (!pool.offer(d)) d.end();
    }

    /** Compresses what is written into one array, doubled as needed; {@link #finish} gives the exact bytes. */
    private static final class Deflating extends java.io.OutputStream {
        private final Deflater d;
        private byte[] out;
        private int n;

        Deflating(Deflater d, int capacity) {
            this.d = d;
            this.out = new byte[capacity];
        }

        @Override public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override public void write(byte[] b, int off, int len) {
            d.setInput(b, off, len);
            while (!d.needsInput()) drain();
        }

        byte[] finish() {
            d.finish();
            while (!d.finished()) drain();
            return java.util.Arrays.copyOf(out, n);
        }

        private void drain() {
            if (n == out.length) out = java.util.Arrays.copyOf(out, out.length * 2);
            n += d.deflate(out, n, out.length - n);
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
            return inflatePrefix(b, Integer.MAX_VALUE);
        }

        /**
         * As {@link #inflate}, stopping once at least {@code want} bytes are out ({@link #finished} tells whether
         * that was all).
         */
        public byte[] inflatePrefix(byte[] b, int want) {
            inflater.reset();
            inflater.setInput(b);
            length = 0;
            return more(want);
        }

        /** Continues the value {@link #inflatePrefix} began until at least {@code want} bytes are out (or all are). */
        public byte[] more(int want) {
            try {
                while (!inflater.finished() && length < want) {
                    if (length == buf.length) buf = java.util.Arrays.copyOf(buf, buf.length * 2);
                    int n = inflater.inflate(buf, length, (int) Math.min(buf.length - length, (long) want - length));
                    // Finished by this call without output: the checksum read after a last block that filled the
                    // buffer exactly (stored blocks end that way whenever the text's length fits).
                    if (n == 0 && !inflater.finished() && (inflater.needsInput() || inflater.needsDictionary())) {
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

        /** Whether the last value was inflated to its end. */
        public boolean finished() { return inflater.finished(); }

        @Override public void close() { inflater.end(); }
    }

    /** The structure and search text of a new blob (its index row comes later, from {@link SearchIndexer}). */
    void insertData(Connection c, long blobId) throws SQLException {
        insertData(c, java.util.List.of(this), new long[] {blobId});
    }

    /** The rows of several new blobs, {@code derived.get(i)} for {@code blobIds[i]}: one statement per table. */
    static void insertData(Connection c, java.util.List<Derived> derived, long[] blobIds) throws SQLException {
        // All or none carry the rendered form: none only when written into a schema without its column.
        boolean rendered = !derived.isEmpty() && derived.getFirst().rendered != null;
        try (PreparedStatement ps = c.prepareStatement(rendered
                ? "INSERT INTO structures (blob_id, headers_truncated, structure, rendered) VALUES (?, ?, ?, ?)"
                : "INSERT INTO structures (blob_id, headers_truncated, structure) VALUES (?, ?, ?)")) {
            for (int i = 0; i < blobIds.length; i++) {
                ps.setLong(1, blobIds[i]);
                ps.setInt(2, derived.get(i).headersTruncated ? 1 : 0);
                ps.setBytes(3, derived.get(i).structure);
                if (rendered) ps.setBytes(4, derived.get(i).rendered);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO search_data (blob_id, data) VALUES (?, ?)")) {
            for (int i = 0; i < blobIds.length; i++) {
                ps.setLong(1, blobIds[i]);
                ps.setBytes(2, derived.get(i).searchData);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        SearchHeaderRows.insert(c, derived, blobIds);
        for (int i = 0; i < blobIds.length; i++) {
            Optional<String> preview = derived.get(i).preview;
            if (preview.isPresent()) ObjectRows.insertPreview(c, blobIds[i], preview.get());
        }
    }

    /** Removes everything derived from blobs that are about to go. */
    static void delete(Connection c, FullTextIndex fullText, Collection<Long> blobIds) throws SQLException {
        fullText.delete(c, blobIds);
        for (String sql : new String[] {"DELETE FROM search_data WHERE blob_id = ?", "DELETE FROM structures WHERE blob_id = ?",
                SearchHeaderRows.DELETE}) {
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
