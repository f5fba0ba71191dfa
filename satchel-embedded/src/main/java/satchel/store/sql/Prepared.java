package satchel.store.sql;

import java.time.Instant;
import java.util.Set;
import satchel.mime.MessageStructure;
import satchel.store.Flags;
import satchel.store.NewMessage;

/**
 * A message made ready for the writer. Everything that depends only on the message is done here, on the
 * caller's own thread (a session's virtual thread, an LMTP delivery, an import), before the write is queued:
 * the MIME parse, case folding and encoding of the search text ({@link Derived}), the flags in their stored form.
 * The SQLite store has one writer, so whatever is computed there is computed serially; the writer only binds
 * these values to prepared inserts. {@code indexRow}, the message's full-text row in the form the index takes it
 * ({@link FullTextIndex#row}), is not stored with the rest: the {@link SearchIndexer} writes it later, taking it from
 * memory rather than decoding {@code search_data} again. It is made here rather than there (issue 11): the sessions'
 * threads run in parallel, and the row is much smaller than the folded text it comes from, so the indexer's memory
 * of rows still to write stays small and short-lived. Data derived from a message at delivery (a preview, an object
 * id, a hash) belongs in {@link Derived#of}, computed here with the rest.
 */
record Prepared(byte[] content, Derived derived, String[] indexRow, Set<String> flags, int systemFlags,
                String otherFlags, Instant internalDate) {
    static Prepared of(NewMessage m, Contents contents) {
        return of(m.content(), m.flags(), m.internalDate(), contents.fullText(), contents.deflatesSearchText());
    }

    static Prepared of(byte[] content, Set<String> flags, Instant internalDate, FullTextIndex index, boolean deflate) {
        Set<String> normal = Flags.normalize(flags);
        MessageStructure s = MessageStructure.parse(content);
        return new Prepared(content, Derived.atDelivery(content, s, deflate),
                index.row(SearchDocument.of(s.foldedSearch())),
                normal, Flags.systemBits(normal), Flags.otherFlagsText(normal),
                internalDate == null ? Instant.now() : internalDate);
    }

    /** About how many bytes the write adds (bounds a commit group). */
    long size() {
        return content.length + derived.size();
    }
}
