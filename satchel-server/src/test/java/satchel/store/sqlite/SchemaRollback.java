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
            Map.entry(15, List.of()))); // PostgreSQL's trigram index only: nothing in SQLite

    private SchemaRollback() {}

    /** Leaves the schema at {@code version}; migrations that need more than dropping what they added do it first. */
    public static void to(Statement s, int version) throws SQLException {
        for (int v : ((TreeMap<Integer, List<String>>) UNDO).descendingKeySet()) {
            if (v <= version) break;
            for (String sql : UNDO.get(v)) s.execute(sql);
        }
        s.execute("DELETE FROM schema_version WHERE version > " + version);
    }
}
