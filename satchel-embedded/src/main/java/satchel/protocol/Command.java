package satchel.protocol;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
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
    /** RFC 5161 §3.1, RFC 9051 §6.3.1: Authenticated only, not Selected. */
    sealed interface AuthOnly extends Command {}
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
    /** {@code initialResponse} is the SASL-IR argument as sent (base64 or "=" for empty). */
    record Authenticate(String tag, String mechanism, Optional<String> initialResponse) implements NotAuthOnly {}

    // ---- authenticated or selected
    /** SELECT ({@code readOnly=false}) or EXAMINE; CONDSTORE/QRESYNC parameters per RFC 7162 §3.2.5/§3.2.5.2. */
    record Select(String tag, MailboxName mailbox, boolean readOnly, boolean condstore,
                  Optional<QresyncParams> qresync)
            implements AuthOrSelected {
        @Override public String name() { return readOnly ? "EXAMINE" : "SELECT"; }
    }
    /** RFC 7162 §3.2.5: (QRESYNC (uidvalidity modseq [known-uids [seq-match-data]])). */
    record QresyncParams(long uidValidity, long modSeq, Optional<SequenceSet> knownUids, Optional<SeqMatch> seqMatch) {}
    /** RFC 7162 §3.2.5 seq-match-data: message numbers and the UIDs the client knows for them. */
    record SeqMatch(SequenceSet knownSeqs, SequenceSet knownUids) {}
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
    record ListMailboxes(String tag, String reference, List<String> patterns, Set<ListSelect> selectOptions,
                         Set<ListReturn> returnOptions, Set<StatusItem> returnStatus, boolean lsub)
            implements AuthOrSelected {
        @Override public String name() { return lsub ? "LSUB" : "LIST"; }
    }
    /** RFC 5258 §3 selection options (RFC 6154 §3 SPECIAL-USE). */
    enum ListSelect { SUBSCRIBED, REMOTE, RECURSIVEMATCH, SPECIAL_USE }
    /** RFC 5258 §3 return options (RFC 6154 SPECIAL-USE, RFC 5819 STATUS). */
    enum ListReturn { SUBSCRIBED, CHILDREN, SPECIAL_USE, STATUS }
    record Status(String tag, MailboxName mailbox, Set<StatusItem> items) implements AuthOrSelected {}
    /** {@link #atom} is the name on the wire (RFC 9208 §4.2 DELETED-STORAGE has a hyphen). */
    enum StatusItem {
        MESSAGES, RECENT, UIDNEXT, UIDVALIDITY, UNSEEN, HIGHESTMODSEQ, SIZE, DELETED, APPENDLIMIT, DELETED_STORAGE,
        MAILBOXID;

        public String atom() { return name().replace('_', '-'); }
    }
    /**
     * One or more messages (RFC 3502 MULTIAPPEND); the literals are read whole, bounded by the size limit, into
     * memory or spool files ({@link satchel.wire.LiteralSpool}).
     */
    record Append(String tag, MailboxName mailbox, List<AppendMessage> messages) implements AuthOrSelected {}
    /**
     * One message of APPEND: its data is one literal, or the RFC 4469 CATENATE parts joined in order. The literals
     * are closed by the reader when the next command starts, or earlier by {@link #close}.
     */
    record AppendMessage(Set<String> flags, Optional<OffsetDateTime> internalDate, List<CatPart> parts) {
        public AppendMessage {
            parts = List.copyOf(parts);
        }

        public AppendMessage(Set<String> flags, Optional<OffsetDateTime> internalDate, satchel.wire.Literal content) {
            this(flags, internalDate, List.of(new CatPart.Text(content)));
        }

        /** Lets the spool files of the literals go; any thread, any number of times. */
        public void close() {
            for (CatPart p : parts) if (p instanceof CatPart.Text t) t.literal().close();
        }
    }
    /** RFC 4469 §5 cat-part: a literal ({@code TEXT}, or the plain APPEND literal) or an IMAP URL. */
    sealed interface CatPart {
        record Text(satchel.wire.Literal literal) implements CatPart {}
        record Url(String url) implements CatPart {}
    }
    record Idle(String tag) implements AuthOrSelected {}
    record Namespace(String tag) implements AuthOrSelected {}
    /** {@code capabilities} upper-cased as sent; unknown ones are ignored (RFC 5161 §3.1). */
    record Enable(String tag, List<String> capabilities) implements AuthOnly {}
    /** RFC 5464 §4.2 GETMETADATA: {@code entries} validated and in lower case, at least one. */
    record GetMetadata(String tag, Metadata.Target target, List<String> entries, Metadata.Options options)
            implements AuthOrSelected {}
    /** RFC 5464 §4.3 SETMETADATA: entries in lower case, in the order sent; a null value removes the entry. */
    record SetMetadata(String tag, Metadata.Target target, List<Metadata.Value> values) implements AuthOrSelected {}
    /** RFC 5465 NOTIFY SET ({@code set} present) or NOTIFY NONE. */
    record Notify(String tag, Optional<NotifySpec> set) implements AuthOrSelected {}
    /** RFC 4978 COMPRESS DEFLATE. */
    record Compress(String tag, String mechanism) implements AuthOrSelected {}
    /** RFC 9208 §4.1.1: the usage and limits of a quota root, named as QUOTAROOT names it. */
    record GetQuota(String tag, String root) implements AuthOrSelected {}
    /** RFC 9208 §4.1.2: the quota roots of a mailbox (which need not exist) and their quotas. */
    record GetQuotaRoot(String tag, MailboxName mailbox) implements AuthOrSelected {}
    /** RFC 9208 §4.1.3: new limits for a quota root, resource names upper-cased as sent. */
    record SetQuota(String tag, String root, List<QuotaResourceLimit> limits) implements AuthOrSelected {}
    record QuotaResourceLimit(String resource, long limit) {}

    // ---- selected
    record Check(String tag) implements SelectedOnly {}
    record Close(String tag) implements SelectedOnly {}
    record Unselect(String tag) implements SelectedOnly {}
    /** EXPUNGE, or UID EXPUNGE (RFC 4315) of {@code uids}. */
    record Expunge(String tag, Optional<SequenceSet> uids) implements SelectedOnly {
        @Override public String name() { return uids.isEmpty() ? "EXPUNGE" : "UID EXPUNGE"; }
    }
    /** SEARCH / UID SEARCH, with the CHARSET as sent and how the result is asked for. */
    record Search(String tag, boolean byUid, Optional<String> charset, SearchKey criteria, SearchReturn result)
            implements SelectedOnly {
        @Override public String name() { return byUid ? "UID SEARCH" : "SEARCH"; }
        @Override public boolean allowsExpungeResponses() { return byUid; }
    }
    /**
     * FETCH / UID FETCH; RFC 7162 CHANGEDSINCE (§3.1.4.1) and VANISHED (§3.2.6) modifiers, and the RFC 9394 §3.3
     * PARTIAL modifier of UID FETCH: only that page of the messages the set names.
     */
    record Fetch(String tag, boolean byUid, SequenceSet set, List<FetchItem> items, OptionalLong changedSince,
                 boolean vanished, Optional<PartialRange> partial) implements SelectedOnly {
        public Fetch(String tag, boolean byUid, SequenceSet set, List<FetchItem> items, OptionalLong changedSince,
                     boolean vanished) {
            this(tag, byUid, set, items, changedSince, vanished, Optional.empty());
        }

        @Override public String name() { return byUid ? "UID FETCH" : "FETCH"; }
        @Override public boolean allowsExpungeResponses() { return byUid; }
    }
    /** STORE / UID STORE, with RFC 7162 §3.1.3 UNCHANGEDSINCE. */
    record Store(String tag, boolean byUid, SequenceSet set, StoreMode mode, boolean silent, Set<String> flags,
                 OptionalLong unchangedSince) implements SelectedOnly {
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
    /** How SORT answers: a SORT response, or ESEARCH with these RFC 5267 §3.2 options (not empty without PARTIAL). */
    sealed interface SortReturn {
        /** RFC 5267 §3.1 ESORT options and §4.3 UPDATE (CONTEXT=SORT). */
        enum Option { MIN, MAX, ALL, COUNT, UPDATE }
        record Plain() implements SortReturn {}
        /** With the RFC 9394 PARTIAL range, if asked for (then never with ALL). */
        record Esearch(Set<Option> options, Optional<PartialRange> partial) implements SortReturn {
            public Esearch { options = Set.copyOf(options); }

            public Esearch(Set<Option> options) { this(options, Optional.empty()); }
        }
    }
    enum ThreadAlgorithm { ORDEREDSUBJECT, REFERENCES }
    /** THREAD / UID THREAD (RFC 5256 §3). */
    record Threads(String tag, boolean byUid, ThreadAlgorithm algorithm, String charset, SearchKey criteria)
            implements SelectedOnly {
        @Override public String name() { return byUid ? "UID THREAD" : "THREAD"; }
        @Override public boolean allowsExpungeResponses() { return byUid; }
    }
    /**
     * REPLACE / UID REPLACE (RFC 8508 §3): {@code message} names one message of the selected mailbox (a sequence
     * number, possibly {@link SequenceSet#STAR}, or a UID), to be expunged once {@code replacement} is appended to
     * {@code mailbox}. {@code replacement.content()} is closed by the handler.
     */
    record Replace(String tag, boolean byUid, long message, MailboxName mailbox, AppendMessage replacement)
            implements SelectedOnly {
        @Override public String name() { return byUid ? "UID REPLACE" : "REPLACE"; }
    }
    /** RFC 5267 §4.3.5: stop the updates of the contexts opened by these tags (quoted strings as sent). */
    record CancelUpdate(String tag, List<String> tags) implements SelectedOnly {}
    /** COPY / MOVE (RFC 6851) and their UID forms. */
    record Copy(String tag, boolean byUid, SequenceSet set, MailboxName mailbox, boolean move) implements SelectedOnly {
        @Override public String name() { return (byUid ? "UID " : "") + (move ? "MOVE" : "COPY"); }
    }
}
