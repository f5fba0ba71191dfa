package satchel.protocol;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;

/**
 * One parsed client command. Commands are grouped by the states that accept them (RFC 3501 §6, RFC 9051 §6);
 * {@code satchel.session.Transitions} switches over these groups without a default arm, so adding a command
 * or a group does not compile until someone decides which states take it.
 * Mailbox names are decoded (modified UTF-7 undone, RFC 3501 §5.1.3) into {@link MailboxName}s, LIST patterns
 * into strings; flags keep the client's spelling.
 */
public sealed interface Command {
    String tag();

    /** The command name as the client would write it, for logs and metrics. */
    default String name() { return getClass().getSimpleName().toUpperCase(java.util.Locale.ROOT); }

    /**
     * RFC 3501 §7.4.1: no EXPUNGE response while answering FETCH, STORE or SEARCH (their UID forms may have
     * them), since the client could not tell which message a sequence number meant.
     */
    default boolean allowsExpungeResponses() { return true; }

    /** RFC 3501 §6.1: valid in every state. */
    sealed interface AnyState extends Command {}
    /** RFC 3501 §6.2: only before authentication. */
    sealed interface NotAuthOnly extends Command {}
    /** RFC 3501 §6.3: Authenticated and Selected. */
    sealed interface AuthOrSelected extends Command {}
    /** RFC 3501 §6.4: Selected only. */
    sealed interface SelectedOnly extends Command {}

    // ---- any state
    record Capability(String tag) implements AnyState {}
    record Noop(String tag) implements AnyState {}
    record Logout(String tag) implements AnyState {}
    /** RFC 2971; {@code params} alternates key, value (value may be null); null list for NIL. */
    record Id(String tag, List<String> params) implements AnyState {}

    // ---- not authenticated
    record StartTls(String tag) implements NotAuthOnly {}
    record Login(String tag, String user, String password) implements NotAuthOnly {}
    /** {@code initialResponse} is the SASL-IR argument as sent (base64 or "=" for empty), null when absent. */
    record Authenticate(String tag, String mechanism, String initialResponse) implements NotAuthOnly {}

    // ---- authenticated or selected
    /** SELECT ({@code readOnly=false}) or EXAMINE; CONDSTORE/QRESYNC parameters per RFC 7162 §3.2.5/§3.2.5.2. */
    record Select(String tag, MailboxName mailbox, boolean readOnly, boolean condstore, QresyncParams qresync)
            implements AuthOrSelected {
        @Override public String name() { return readOnly ? "EXAMINE" : "SELECT"; }
    }
    /** RFC 7162 §3.2.5: (QRESYNC (uidvalidity modseq [known-uids [seq-match-data]])). */
    record QresyncParams(long uidValidity, long modSeq, SequenceSet knownUids,
                         SequenceSet knownSeqs, SequenceSet knownSeqUids) {}
    /** {@code specialUse}: RFC 6154 CREATE-SPECIAL-USE attributes, empty when absent. */
    record Create(String tag, MailboxName mailbox, Set<String> specialUse) implements AuthOrSelected {}
    record Delete(String tag, MailboxName mailbox) implements AuthOrSelected {}
    record Rename(String tag, MailboxName from, MailboxName to) implements AuthOrSelected {}
    record Subscribe(String tag, MailboxName mailbox, boolean subscribe) implements AuthOrSelected {
        @Override public String name() { return subscribe ? "SUBSCRIBE" : "UNSUBSCRIBE"; }
    }
    /**
     * LIST, extended per RFC 5258 (selection options, several patterns, return options) and RFC 5819
     * (RETURN (STATUS (...))). {@code lsub} marks the RFC 3501 LSUB command. {@code patterns} holds only those
     * that can match: a pattern (or reference) that is not valid modified UTF-7 matches no mailbox, so it is
     * left out, and an empty list lists nothing.
     */
    record ListMailboxes(String tag, String reference, List<String> patterns, Set<String> selectOptions,
                         Set<String> returnOptions, Set<StatusItem> returnStatus, boolean lsub)
            implements AuthOrSelected {
        @Override public String name() { return lsub ? "LSUB" : "LIST"; }
    }
    record Status(String tag, MailboxName mailbox, Set<StatusItem> items) implements AuthOrSelected {}
    enum StatusItem { MESSAGES, RECENT, UIDNEXT, UIDVALIDITY, UNSEEN, HIGHESTMODSEQ, SIZE, DELETED, APPENDLIMIT }
    /**
     * One or more messages (RFC 3502 MULTIAPPEND); the literals are read whole, bounded by the size limit, into
     * memory or spool files ({@link satchel.wire.LiteralSpool}).
     */
    record Append(String tag, MailboxName mailbox, List<AppendMessage> messages) implements AuthOrSelected {}
    /** {@code internalDate} null when the client gave none; {@code content} is closed by the reader. */
    record AppendMessage(Set<String> flags, OffsetDateTime internalDate, satchel.wire.Literal content) {}
    record Idle(String tag) implements AuthOrSelected {}
    record Namespace(String tag) implements AuthOrSelected {}
    record Enable(String tag, List<String> capabilities) implements AuthOrSelected {}
    /** RFC 4978 COMPRESS DEFLATE. */
    record Compress(String tag, String mechanism) implements AuthOrSelected {}

    // ---- selected
    record Check(String tag) implements SelectedOnly {}
    record Close(String tag) implements SelectedOnly {}
    record Unselect(String tag) implements SelectedOnly {}
    /** EXPUNGE, or UID EXPUNGE (RFC 4315) when {@code uids} is not null. */
    record Expunge(String tag, SequenceSet uids) implements SelectedOnly {
        @Override public String name() { return uids == null ? "EXPUNGE" : "UID EXPUNGE"; }
    }
    /**
     * SEARCH / UID SEARCH. {@code charset} null when absent. {@code returnOptions} non-null means ESEARCH form
     * (RFC 4731: MIN MAX ALL COUNT SAVE; empty set means ALL).
     */
    record Search(String tag, boolean byUid, String charset, SearchKey criteria, Set<String> returnOptions)
            implements SelectedOnly {
        @Override public String name() { return byUid ? "UID SEARCH" : "SEARCH"; }
        @Override public boolean allowsExpungeResponses() { return byUid; }
    }
    /** FETCH / UID FETCH; {@code changedSince} 0 when absent; {@code vanished}: RFC 7162 §3.2.6 VANISHED modifier. */
    record Fetch(String tag, boolean byUid, SequenceSet set, List<FetchItem> items, long changedSince,
                 boolean vanished) implements SelectedOnly {
        @Override public String name() { return byUid ? "UID FETCH" : "FETCH"; }
        @Override public boolean allowsExpungeResponses() { return byUid; }
    }
    /** STORE / UID STORE; {@code unchangedSince} -1 when absent (RFC 7162 §3.1.3). */
    record Store(String tag, boolean byUid, SequenceSet set, StoreMode mode, boolean silent, Set<String> flags,
                 long unchangedSince) implements SelectedOnly {
        @Override public String name() { return byUid ? "UID STORE" : "STORE"; }
        @Override public boolean allowsExpungeResponses() { return byUid; }
    }
    /**
     * SORT / UID SORT (RFC 5256 §3, RFC 5957), answered with SORT or, given RETURN (RFC 5267 §3 ESORT), ESEARCH.
     * {@code charset} is as sent; the session refuses what it cannot decode.
     */
    record Sort(String tag, boolean byUid, List<SortCriterion> program, SortReturn returns, String charset,
                SearchKey criteria) implements SelectedOnly {
        @Override public String name() { return byUid ? "UID SORT" : "SORT"; }
        @Override public boolean allowsExpungeResponses() { return byUid; }
    }
    /** How SORT answers: a SORT response, or ESEARCH with these RFC 5267 §3.2 options (never empty). */
    sealed interface SortReturn {
        enum Option { MIN, MAX, ALL, COUNT }
        record Plain() implements SortReturn {}
        record Esearch(Set<Option> options) implements SortReturn {
            public Esearch { options = Set.copyOf(options); }
        }
    }
    enum ThreadAlgorithm { ORDEREDSUBJECT, REFERENCES }
    /** THREAD / UID THREAD (RFC 5256 §3). */
    record Threads(String tag, boolean byUid, ThreadAlgorithm algorithm, String charset, SearchKey criteria)
            implements SelectedOnly {
        @Override public String name() { return byUid ? "UID THREAD" : "THREAD"; }
        @Override public boolean allowsExpungeResponses() { return byUid; }
    }
    /** COPY / MOVE (RFC 6851) and their UID forms. */
    record Copy(String tag, boolean byUid, SequenceSet set, MailboxName mailbox, boolean move) implements SelectedOnly {
        @Override public String name() { return (byUid ? "UID " : "") + (move ? "MOVE" : "COPY"); }
    }
}
