package satchel.store.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import satchel.mime.FoldedSearch;
import satchel.mime.MessageStructure;

/**
 * Schema version 2 for a database written by version 1: moves each blob's structure out of {@code blobs} into
 * {@code structures} and {@code search_data}, indexes its text, then drops the old column. A structure that no
 * longer decodes is parsed again from the message bytes.
 */
final class SearchMigration {
    private SearchMigration() {}

    static void run(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, structure FROM blobs ORDER BY id")) {
            while (rs.next()) {
                long id = rs.getLong(1);
                MessageStructure st;
                try {
                    st = MessageStructure.fromBytes(rs.getBytes(2));
                    if (!st.hasSearchData()) st = parse(c, id);
                } catch (IllegalArgumentException corrupt) {
                    st = parse(c, id);
                }
                Derived.of(st).withoutSearchHeaders().insertData(c, id); // indexed by version 4, in each owner's rowid range; folded_headers rows come with version 12
            }
        }
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE blobs DROP COLUMN structure");
        }
    }

    /**
     * Schema version 3: search data is kept folded ({@link FoldedSearch}), so SEARCH no longer folds every
     * message's text on every search. Rows written by version 2 are folded here, in chunks by blob id.
     */
    static void fold(Connection c) throws SQLException {
        long after = Long.MIN_VALUE;
        try (PreparedStatement read = c.prepareStatement(
                "SELECT blob_id, data FROM search_data WHERE blob_id > ? ORDER BY blob_id LIMIT 500");
             PreparedStatement write = c.prepareStatement("UPDATE search_data SET data = ? WHERE blob_id = ?")) {
            while (true) {
                read.setLong(1, after);
                int rows = 0;
                try (ResultSet rs = read.executeQuery()) {
                    while (rs.next()) {
                        rows++;
                        after = rs.getLong(1);
                        byte[] data = Derived.inflate(rs.getBytes(2));
                        if (FoldedSearch.isFolded(data)) continue;
                        write.setBytes(1, Derived.deflate(FoldedSearch.fromBytes(data).toBytes()));
                        write.setLong(2, after);
                        write.addBatch();
                    }
                }
                write.executeBatch();
                if (rows == 0) return;
            }
        }
    }

    private static MessageStructure parse(Connection c, long blobId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT content FROM blobs WHERE id = ?")) {
            ps.setLong(1, blobId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return MessageStructure.parse(rs.getBytes(1));
            }
        }
    }
}
