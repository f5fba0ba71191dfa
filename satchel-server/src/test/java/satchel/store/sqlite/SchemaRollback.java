package satchel.store.sqlite;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns an up-to-date SQLite database back into what an older release left, for tests of a migration: undoes
 * every later migration, newest first, so the migration under test and all after it run again on open. A new
 * migration must add its undo here (tests that rebuild an old database fail on its re-run otherwise).
 */
public final class SchemaRollback {
    private static final Map<Integer, List<String>> UNDO = new TreeMap<>(Map.ofEntries(
            Map.entry(4, List.of("DROP TABLE retained")),
            Map.entry(6, List.of("DROP TABLE quota")),
            Map.entry(7, List.of("DROP TABLE thread_refs", "DROP TABLE message_threads", "DROP TABLE previews",
                    "DROP TABLE secrets", "ALTER TABLE messages DROP COLUMN save_date")),
            Map.entry(8, List.of("DROP TABLE mailbox_metadata", "DROP TABLE server_metadata")),
            Map.entry(9, List.of("DROP TABLE hold_leases")),
            Map.entry(10, List.of("DROP TABLE search_indexed")),
            Map.entry(11, List.of()), // PostgreSQL's storage settings only: nothing in SQLite
            Map.entry(12, List.of("DROP TABLE folded_headers")),
            Map.entry(13, List.of("ALTER TABLE search_indexed DROP COLUMN gaps")),
            Map.entry(14, List.of("DROP INDEX structures_unrendered", "ALTER TABLE structures DROP COLUMN rendered")),
            Map.entry(15, List.of()), // PostgreSQL's trigram index only: nothing in SQLite
            Map.entry(17, List.of()), // the trigram table back as version 5 built it: in to(), it needs Java
            Map.entry(18, List.of()))); // the seven-column words table back: in to(), it needs Java

    private SchemaRollback() {}

    /**
     * The trigram table back, unless a test has put one there itself: from version 5 on with every indexed blob's row
     * in its form (and, from 16, its automerge of 16); before 5, empty (migration 5 fills it).
     */
    private static void undoWords(Statement s, int version) throws SQLException {
        try (var rs = s.executeQuery("SELECT sql FROM sqlite_master WHERE name = 'search_index'")) {
            if (rs.next() && rs.getString(1).contains("trigram")) return;
        }
        if (version >= 5) {
            Fts5Index.partition(s.getConnection());
            if (version >= 16) s.execute(Fts5Index.AUTOMERGE);
        } else {
            s.execute("DROP TABLE search_index");
            s.execute(Fts5Index.CREATE_TRIGRAMS);
        }
    }

    /**
     * Version 17's table back (words in seven columns), with a row for every blob {@code search_owners} names, as the
     * indexer had left it; unless a test has put another table there itself.
     */
    private static void undoColumnWords(Statement s) throws SQLException {
        try (var rs = s.executeQuery("SELECT sql FROM sqlite_master WHERE name = 'search_index'")) {
            if (rs.next() && !rs.getString(1).contains("detail=none")) return;
        }
        s.execute("DROP TABLE search_index");
        s.execute(Fts5Index.CREATE_COLUMNS);
        s.execute(Fts5Index.AUTOMERGE);
        java.sql.Connection c = s.getConnection();
        try (java.sql.PreparedStatement read = c.prepareStatement("SELECT o.blob_id, o.user_id, d.data FROM"
                + " search_owners o JOIN search_data d ON d.blob_id = o.blob_id ORDER BY o.blob_id");
             java.sql.PreparedStatement write = c.prepareStatement("INSERT INTO search_index (rowid, h_subject, h_from,"
                     + " h_to, h_cc, h_bcc, headers, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
             java.sql.ResultSet rs = read.executeQuery();
             satchel.store.sql.Derived.Inflating inflating = new satchel.store.sql.Derived.Inflating()) {
            while (rs.next()) {
                byte[] data = inflating.inflate(rs.getBytes(3));
                String[] doc = satchel.store.sql.SearchDocument.of(
                        satchel.mime.FoldedSearch.fromBytes(data, inflating.length()));
                write.setLong(1, Fts5Index.rowid(rs.getLong(2), rs.getLong(1)));
                for (int i = 0; i < doc.length; i++) {
                    write.setString(i + 2, satchel.store.sql.TrigramRuns.words(doc[i]));
                }
                write.executeUpdate();
            }
        }
    }

    /** Leaves the schema at {@code version}; migrations that need more than dropping what they added do it first. */
    public static void to(Statement s, int version) throws SQLException {
        for (int v : ((TreeMap<Integer, List<String>>) UNDO).descendingKeySet()) {
            if (v <= version) break;
            for (String sql : UNDO.get(v)) s.execute(sql);
            if (v == 18) undoColumnWords(s);
            if (v == 17) undoWords(s, version);
        }
        s.execute("DELETE FROM schema_version WHERE version > " + version);
    }
}
