package satchel.store.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import satchel.mime.RenderedStructure;
import satchel.store.StoreException;

/**
 * Renders ENVELOPE and BODYSTRUCTURE ({@link RenderedStructure}) for mail stored before APPEND did it (schema
 * migration 14), in the background after start-up, a batch per short write, so no start waits for a large store.
 * Until a message's turn FETCH walks its stored structure instead: the same bytes, only slower. The partial index
 * of unrendered rows makes finding them cheap, and empty once done. Several processes sharing a database may all
 * run it: a row is only set while it is still NULL, to the same value.
 */
final class RenderedBackfill implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RenderedBackfill.class);
    private static final int BATCH = 256;

    private final Database db;
    private final Thread thread;
    private volatile boolean closed;

    RenderedBackfill(Database db) {
        this.db = db;
        this.thread = Thread.ofPlatform().daemon().name("satchel-rendered-backfill").start(this::run);
    }

    private record Row(long blobId, byte[] rendered) {}

    private void run() {
        long after = 0;
        long done = 0;
        try {
            while (!closed) {
                long from = after;
                List<Row> rows = db.read(tx -> unrendered(tx.c(), from));
                if (rows.isEmpty()) break;
                after = rows.getLast().blobId();
                // Rendered outside the write; a structure that cannot be read stays NULL and FETCH reports it.
                List<Row> batch = rows.stream().filter(r -> r.rendered() != null).toList();
                long bytes = batch.stream().mapToLong(r -> r.rendered().length).sum();
                if (!batch.isEmpty()) db.write(tx -> set(tx.c(), batch), bytes);
                done += batch.size();
            }
            if (done > 0) LOG.info("Rendered ENVELOPE and BODYSTRUCTURE of {} stored messages", done);
        } catch (StoreException | RuntimeException e) {
            // FETCH stays correct without them; the next start carries on where this one stopped.
            if (!closed) LOG.warn("Rendering stored structures stopped after {} messages: {}", done, e.toString());
        }
    }

    private static List<Row> unrendered(Connection c, long after) throws SQLException {
        List<Row> out = new ArrayList<>(BATCH);
        try (PreparedStatement ps = c.prepareStatement("SELECT blob_id, structure FROM structures"
                + " WHERE rendered IS NULL AND blob_id > ? ORDER BY blob_id LIMIT " + BATCH)) {
            ps.setLong(1, after);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(new Row(rs.getLong(1), render(rs.getLong(1), rs.getBytes(2))));
            }
        }
        return out;
    }

    private static byte[] render(long blobId, byte[] structure) {
        try {
            return RenderedStructure.of(structure);
        } catch (IllegalArgumentException e) {
            LOG.warn("Stored structure of blob {} is unreadable: {}", blobId, e.getMessage());
            return null;
        }
    }

    private static Void set(Connection c, List<Row> rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE structures SET rendered = ? WHERE blob_id = ? AND rendered IS NULL")) {
            for (Row r : rows) {
                ps.setBytes(1, r.rendered());
                ps.setLong(2, r.blobId());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return null;
    }

    /** Stops after the batch under way; the rest is rendered after the next start. */
    @Override
    public void close() {
        closed = true;
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
