package satchel.session;

import java.time.Instant;
import java.util.Set;
import satchel.mime.MessageStructure;

/**
 * One message as a session sees it, for FETCH rendering and SEARCH evaluation. {@link #structure} and
 * {@link #content} load lazily; FETCH of metadata items must not call {@link #content}.
 */
public interface MessageData {
    long seq();

    long uid();

    long modSeq();

    Set<String> flags();

    boolean recent();

    long size();

    Instant internalDate();

    MessageStructure structure();

    byte[] content();

    /** RFC 8474 ids, RFC 8514 save date, RFC 8970 preview; loaded on demand, never from the body. */
    satchel.store.MessageObjects objects();

    /**
     * The message's {@link satchel.mime.SearchHeaders} row when the caller loaded it (a header SEARCH); else null,
     * and HEADER keys look at {@link #structure}.
     */
    default satchel.mime.FoldedSearch searchHeaders() { return null; }

    /** {@code FLAGS (...)} as FETCH writes it, when the caller has it rendered already; else null. */
    default byte[] renderedFlags() { return null; }
}
