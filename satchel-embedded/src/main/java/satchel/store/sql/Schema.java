package satchel.store.sql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Versioned schema: {@code schema_version} holds the highest migration applied; pending migrations run in order
 * in one transaction, and are never edited once released (add a new one instead). A migration is SQL plus,
 * where data must be converted, a step in Java run after it.
 */
public final class Schema {
    private Schema() {}

    public interface Step {
        void run(Connection c) throws SQLException;
    }

    public record Migration(List<String> sql, Step after) {
        Migration(List<String> sql) {
            this(sql, _ -> {});
        }
    }

    /**
     * Every migration, in order, for this dialect. Types come from the dialect ({@link Dialect#integer} is 64-bit
     * everywhere), so the SQLite text is what it always was and PostgreSQL gets BIGINT where SQLite says INTEGER.
     */
    public static List<Migration> migrations(Dialect d) {
        String i = d.integer();
        String name = d.nameType();
        FullTextIndex fts = d.fullText();
        return List.of(new Migration(List.of(
                "CREATE TABLE counters (name TEXT PRIMARY KEY, value " + i + " NOT NULL)",
                "CREATE TABLE users (id " + d.autoIncrementKey() + ", name " + name + " NOT NULL UNIQUE,"
                        + " password_hash TEXT NOT NULL, scram TEXT)",
                "CREATE TABLE mailboxes (id " + d.autoIncrementKey() + ","
                        + " user_id " + i + " NOT NULL REFERENCES users(id) ON DELETE CASCADE, name " + name + " NOT NULL,"
                        + " uidvalidity " + i + " NOT NULL, uidnext " + i + " NOT NULL, highestmodseq " + i + " NOT NULL,"
                        + " first_recent_uid " + i + " NOT NULL, selectable " + i + " NOT NULL,"
                        + " special_use TEXT NOT NULL, UNIQUE (user_id, name))",
                "CREATE TABLE subscriptions (user_id " + i + " NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
                        + " name " + name + " NOT NULL, PRIMARY KEY (user_id, name))" + d.clusteredSuffix(),
                "CREATE TABLE blobs (id " + d.autoIncrementKey() + ", content " + d.blobType() + " NOT NULL,"
                        + " structure " + d.blobType() + " NOT NULL)",
                // sys_flags: bit mask of the five system flags (Flags.systemBits); other_flags: keywords,
                // sorted and space-separated. added_modseq tells Added from FlagsChanged in changesSince.
                "CREATE TABLE messages (mailbox_id " + i + " NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,"
                        + " uid " + i + " NOT NULL, modseq " + i + " NOT NULL, added_modseq " + i + " NOT NULL,"
                        + " sys_flags " + i + " NOT NULL, other_flags TEXT NOT NULL, size " + i + " NOT NULL,"
                        + " internal_date " + i + " NOT NULL, blob_id " + i + " NOT NULL REFERENCES blobs(id),"
                        + " PRIMARY KEY (mailbox_id, uid))" + d.clusteredSuffix(),
                "CREATE INDEX messages_modseq ON messages (mailbox_id, modseq)",
                "CREATE INDEX messages_blob ON messages (blob_id)",
                // Tombstones: QRESYNC (RFC 7162 §3.2.5.1) reports expunges since a modseq as VANISHED.
                "CREATE TABLE expunged (mailbox_id " + i + " NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,"
                        + " uid " + i + " NOT NULL, modseq " + i + " NOT NULL, PRIMARY KEY (mailbox_id, uid))"
                        + d.clusteredSuffix(),
                "CREATE INDEX expunged_modseq ON expunged (mailbox_id, modseq)",
                "CREATE TABLE mailbox_keywords (mailbox_id " + i + " NOT NULL REFERENCES mailboxes(id)"
                        + " ON DELETE CASCADE, keyword_key TEXT NOT NULL, keyword TEXT NOT NULL,"
                        + " PRIMARY KEY (mailbox_id, keyword_key))" + d.clusteredSuffix())),
                // 2: FETCH reads structures without touching message bytes or search text (a column after the
                // content would make SQLite walk the content's overflow pages); SEARCH gets a full-text index.
                new Migration(plus(List.of(
                        "CREATE TABLE structures (blob_id " + i + " PRIMARY KEY REFERENCES blobs(id),"
                                + " headers_truncated " + i + " NOT NULL, structure " + d.blobType() + " NOT NULL)",
                        "CREATE INDEX structures_truncated ON structures (blob_id) WHERE headers_truncated <> 0",
                        // data: MessageStructure.searchDataBytes(), deflated (Derived); folded since version 3
                        "CREATE TABLE search_data (blob_id " + i + " PRIMARY KEY REFERENCES blobs(id),"
                                + " data " + d.blobType() + " NOT NULL)"),
                        fts.migration(2)),
                        c -> {
                            SearchMigration.run(c);
                            fts.afterMigration(2, c);
                        }),
                // 3: search_data holds the search text already folded (FoldedSearch), deflated.
                new Migration(List.of(), SearchMigration::fold),
                // 4: an expunged message's blob stays referenced (so readable) while a session may still show it;
                // the row goes when no hold covers it, after a grace period, or at start-up (RetainedPurge).
                new Migration(List.of(
                        "CREATE TABLE retained (mailbox_id " + i + " NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,"
                                + " uid " + i + " NOT NULL, modseq " + i + " NOT NULL,"
                                + " blob_id " + i + " NOT NULL REFERENCES blobs(id), expunged_at " + i + " NOT NULL,"
                                + " PRIMARY KEY (mailbox_id, uid))" + d.clusteredSuffix(),
                        "CREATE INDEX retained_blob ON retained (blob_id)")),
                // 5: the index keeps users apart: rebuilt from search_data.
                new Migration(fts.migration(5), c -> fts.afterMigration(5, c)),
                // 6, quota (RFC 9208): per-user usage counters, counted once here from the mail already stored and
                // then kept by every write; the user's own limits (NULL: the configured default, -1: unlimited).
                new Migration(List.of(
                        "CREATE TABLE quota (user_id " + i + " PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,"
                                + " storage_used " + i + " NOT NULL, messages_used " + i + " NOT NULL,"
                                + " storage_limit " + i + ", messages_limit " + i + ")",
                        "INSERT INTO quota (user_id, storage_used, messages_used) " + Quotas.RECOUNT)),
                // 7: RFC 8474 object ids (key, threads), RFC 8970 previews, RFC 8514 save dates (ObjectRows).
                ObjectRows.migration(d),
                // 8: RFC 5464 annotations: per user on the server, per mailbox (going with it). Names in lower case.
                new Migration(List.of(
                        "CREATE TABLE server_metadata (user_id " + i + " NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
                                + " name TEXT NOT NULL, value " + d.blobType() + " NOT NULL, PRIMARY KEY (user_id, name))"
                                + d.clusteredSuffix(),
                        "CREATE TABLE mailbox_metadata (mailbox_id " + i + " NOT NULL REFERENCES mailboxes(id)"
                                + " ON DELETE CASCADE, name TEXT NOT NULL, value " + d.blobType() + " NOT NULL,"
                                + " PRIMARY KEY (mailbox_id, name))" + d.clusteredSuffix())),
                // 9: where nodes share the database, each publishes the holds its sessions have (lowest modseq
                // still wanted per mailbox) with an expiry, so no node purges what another node's session shows.
                // No foreign key: a lease may outlive its mailbox until the next refresh. Unused by SQLite.
                new Migration(List.of(
                        "CREATE TABLE hold_leases (node TEXT NOT NULL, mailbox_id " + i + " NOT NULL,"
                                + " floor " + i + " NOT NULL, expires_at " + i + " NOT NULL,"
                                + " PRIMARY KEY (mailbox_id, node))")),
                // 10: the full-text index is built after the APPEND by SearchIndexer: per mailbox, the highest UID it
                // has indexed, committed with the index rows. Everything stored before this was indexed at once.
                new Migration(List.of(
                        "CREATE TABLE search_indexed (mailbox_id " + i + " PRIMARY KEY REFERENCES mailboxes(id)"
                                + " ON DELETE CASCADE, uid " + i + " NOT NULL)",
                        "INSERT INTO search_indexed (mailbox_id, uid) SELECT id, uidnext - 1 FROM mailboxes")),
                // 11: large values stored the cheap way for the engine (PostgreSQL: no pglz on every APPEND).
                new Migration(List.of(), d::tuneStorage),
                // 12: the folded Subject/From/To/Cc/Bcc of each blob in a row of its own, for header SEARCH.
                SearchHeaderRows.migration(d),
                // 13: whether the indexer's watermark has passed a message without an index row of the mailbox's user
                // (SearchIndexer#gaps); a mailbox without such gaps is searched without a probe per message.
                new Migration(List.of(
                        "ALTER TABLE search_indexed ADD COLUMN gaps " + i + " NOT NULL DEFAULT 0",
                        "UPDATE search_indexed SET gaps = 1 WHERE EXISTS (SELECT 1 FROM messages m JOIN mailboxes b"
                                + " ON b.id = m.mailbox_id WHERE m.mailbox_id = search_indexed.mailbox_id"
                                + " AND m.uid <= search_indexed.uid AND NOT " + fts.indexedFor("m.blob_id", "b.user_id")
                                + ")")),
                // 14: ENVELOPE and BODYSTRUCTURE rendered at APPEND (RenderedStructure), copied as they are by a
                // FETCH of many messages; NULL until RenderedBackfill reaches mail stored before.
                new Migration(List.of("ALTER TABLE structures ADD COLUMN rendered " + d.blobType(),
                        "CREATE INDEX structures_unrendered ON structures (blob_id) WHERE rendered IS NULL")),
                // 15: PostgreSQL's trigram index: one GIN index over every column instead of one per column (issue 12).
                new Migration(fts.migration(15)),
                // 16: SQLite's FTS5 index merges its segments less eagerly (issue 11: the indexer's CPU per message).
                new Migration(fts.migration(16)),
                // 17: each backend's index row rebuilt in the background from emptied watermarks: SQLite's FTS5
                // holds each trigram as a word (issue 11: fewer tokens, no trigrams across joins), PostgreSQL's
                // rows become int4[] keys made in Java instead of text under pg_trgm (issue 12).
                new Migration(fts.migration(17)),
                // 18: SQLite's FTS5 words name their column (one column, detail=none): a header term reads its
                // column's postings only, the index is smaller (issue 11); rebuilt in the background as at 17.
                new Migration(fts.migration(18)));
    }

    private static List<String> plus(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    /** Brings the database up to date; refuses a database written by a newer version. */
    public static void migrate(Connection c, Dialect d) throws SQLException {
        List<Migration> all = migrations(d);
        try (Statement s = c.createStatement()) {
            d.beginMigration(c); // also keeps a second process from migrating at the same time
            s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
            int current;
            try (ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
                rs.next();
                current = rs.getInt(1);
            }
            if (current > all.size()) {
                throw new SQLException("database schema version " + current + " is newer than this server");
            }
            for (int v = current; v < all.size(); v++) {
                for (String sql : all.get(v).sql()) s.execute(sql);
                all.get(v).after().run(c);
                s.execute("INSERT INTO schema_version (version) VALUES (" + (v + 1) + ")");
            }
            end(c, true);
        } catch (SQLException e) {
            try {
                end(c, false);
            } catch (SQLException ignored) {
                e.addSuppressed(ignored);
            }
            throw e;
        }
    }

    /** Ends the transaction, whether the driver or the SQL began it. */
    private static void end(Connection c, boolean commit) throws SQLException {
        if (!c.getAutoCommit()) {
            if (commit) c.commit(); else c.rollback();
            return;
        }
        try (Statement s = c.createStatement()) {
            s.execute(commit ? "COMMIT" : "ROLLBACK");
        }
    }
}
