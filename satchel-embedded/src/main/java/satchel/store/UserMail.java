package satchel.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import satchel.mime.MessageStructure;

/**
 * One user's mailboxes. Names are full names with "/" as hierarchy delimiter; "INBOX" matches
 * case-insensitively. UIDs are strictly ascending per mailbox and never reused; every append, flag change and
 * expunge advances the mailbox's modseq. Lists of UIDs are ascending.
 */
public interface UserMail {
    /** Every mailbox including \Noselect placeholders, sorted by name. */
    List<MailboxInfo> list() throws StoreException;

    Optional<MailboxInfo> find(String name) throws StoreException;

    /**
     * The mailbox an APPEND names, as {@link #find} answers. A store where each lookup is a round trip to a server
     * (PostgreSQL) may answer from an earlier lookup of this session; {@link #appendLater(MailboxInfo, List)} then
     * checks the name as it writes.
     */
    default Optional<MailboxInfo> appendTarget(String name) throws StoreException {
        return find(name);
    }

    /** Creates missing parents too. INBOX or an existing name: ALREADY_EXISTS. */
    MailboxInfo create(String name, Set<String> specialUse) throws StoreException;

    /** RFC 3501 §6.3.4: with children it becomes \Noselect (messages removed); INBOX refused. */
    void delete(String name) throws StoreException;

    /** RFC 3501 §6.3.5: children move along; renaming INBOX moves its messages to a new mailbox. */
    void rename(String from, String to) throws StoreException;

    void subscribe(String name, boolean on) throws StoreException;

    /** Subscribed names, which may name mailboxes that no longer exist. */
    List<String> subscriptions() throws StoreException;

    MailboxStatus status(MailboxId mailbox) throws StoreException;

    /**
     * STATUS by name: the mailbox {@code name} names and its counters, read together; empty if there is no such
     * mailbox or it takes no messages (\Noselect).
     */
    default Optional<MailboxStatus.Of> statusOf(String name) throws StoreException {
        Optional<MailboxInfo> m = find(name);
        if (m.isEmpty() || !m.get().selectable()) return Optional.empty();
        return Optional.of(new MailboxStatus.Of(m.get(), status(m.get().id())));
    }

    MailboxSnapshot snapshot(MailboxId mailbox) throws StoreException;

    /**
     * The same consistent state as {@link #snapshot}, handed to {@code scan} row by row (its head first, then the
     * messages unless it declines them): no list of records, so a million-message mailbox costs its columns only.
     */
    MailboxScan.Head scan(MailboxId mailbox, MailboxScan scan) throws StoreException;

    /**
     * Makes messages with uid < {@code uidNext} no longer recent for anyone else and returns the previous
     * first-recent UID: the caller's session sees [previous, uidNext) as \Recent (RFC 3501 §2.3.2).
     */
    long claimRecent(MailboxId mailbox, long uidNext) throws StoreException;

    /** Appends all messages atomically (RFC 3502): all get UIDs, or none is stored. */
    List<AppendResult> append(MailboxId mailbox, List<NewMessage> messages) throws StoreException;

    /**
     * {@link #append}, queued now and committed by the time {@link Pending#await} returns; nothing is acknowledged
     * before that. Appends queued one after another get their UIDs in that order, each all or none on its own. The
     * caller must await every one it queues. This default runs the append when awaited.
     */
    default Pending<List<AppendResult>> appendLater(MailboxId mailbox, List<NewMessage> messages) {
        return () -> append(mailbox, messages);
    }

    /**
     * {@link #appendLater(MailboxId, List)} into the mailbox named {@code target.name()}, found by {@link #appendTarget}
     * (or {@link #find}): the messages go to the mailbox of that name when they are written, and if there is none any
     * more the APPEND fails with TRYCREATE (CANNOT if it takes no messages), as if it had been looked up then.
     */
    default Pending<List<AppendResult>> appendLater(MailboxInfo target, List<NewMessage> messages) {
        return appendLater(target.id(), messages);
    }

    /** Whether {@link #appendClaiming} can take the claim in the append's own write here (else it never does). */
    default boolean claimsInAppend() {
        return false;
    }

    /**
     * {@link #appendLater(MailboxInfo, List)} for a session that has {@code target} selected read-write and would
     * claim \Recent for these messages as soon as it learns of them (RFC 3501 §2.3.2): where the store can, the
     * claim is made in the append's own write, one write instead of two, committed with the messages or not at
     * all. It is made only if every UID below {@code knownUidNext} (the caller has seen those) is claimed already;
     * then the first recent UID moves to the new UIDNEXT and the caller's recent messages are
     * [{@link Appended#recentFrom}, last new UID]. Otherwise, and in this default, nothing is claimed
     * ({@link Appended#NOT_CLAIMED}) and the caller claims as usual.
     */
    default Pending<Appended> appendClaiming(MailboxInfo target, List<NewMessage> messages, long knownUidNext) {
        Pending<List<AppendResult>> p = appendLater(target, messages);
        return () -> new Appended(p.await(), Appended.NOT_CLAIMED);
    }

    /** What {@link #appendClaiming} stored, and the first UID its claim made \Recent for the caller. */
    record Appended(List<AppendResult> results, long recentFrom) {
        public static final long NOT_CLAIMED = -1;

        public boolean claimed() {
            return recentFrom != NOT_CLAIMED;
        }
    }

    /** Changes with modseq > {@code modSeq}, in modseq order; expunges stay reportable (QRESYNC needs them). */
    List<Change> changesSince(MailboxId mailbox, long modSeq) throws StoreException;

    FlagResult updateFlags(MailboxId mailbox, List<Long> uids, FlagUpdate update) throws StoreException;

    /**
     * {@link #updateFlags} of the messages {@code known} names, given as the caller last saw them (a session's
     * cached flags and modseqs): a store may change rows still as given without reading them first, and must read
     * afresh when any is not. The result is what {@link #updateFlags} would give.
     */
    default FlagResult updateKnownFlags(MailboxId mailbox, List<MessageMeta> known, FlagUpdate update)
            throws StoreException {
        return updateFlags(mailbox, known.stream().map(MessageMeta::uid).toList(), update);
    }

    /** Removes the given messages (normally the \Deleted ones the caller chose); returns the UIDs removed. */
    List<Long> expunge(MailboxId mailbox, List<Long> uids) throws StoreException;

    /**
     * Copies without duplicating message bytes; destination messages get \Recent-free copies of the flags. UIDs
     * never used are skipped; if any UID names a message already expunged, nothing is copied and the call fails
     * with {@link StoreException.Kind#EXPUNGED} (RFC 2180 §4.4.1, as Dovecot answers: a copy must not bring back a
     * message someone else deleted, and a half-done COPY is not allowed, RFC 3501 §6.4.7).
     */
    CopyResult copy(MailboxId from, List<Long> uids, MailboxId to) throws StoreException;

    /** RFC 6851: copy then expunge from the source, atomically; expunged UIDs fail it as for {@link #copy}. */
    CopyResult move(MailboxId from, List<Long> uids, MailboxId to) throws StoreException;

    /**
     * The exact bytes as appended. Also for a message expunged while a {@link Hold} covered it, until the store
     * lets it go; otherwise a message not in the mailbox is NONEXISTENT.
     */
    byte[] content(MailboxId mailbox, long uid) throws StoreException;

    /**
     * The MIME structure computed when the message was stored (also of held expunged messages, as
     * {@link #content}), with what SEARCH needs: at least
     * {@link MessageStructure#foldedSearch()} (a store may keep only that form, leaving
     * {@link MessageStructure#hasSearchData()} false); never re-reads the body.
     */
    Map<Long, MessageStructure> structures(MailboxId mailbox, List<Long> uids) throws StoreException;

    /**
     * Like {@link #structures}, but the store may leave out the decoded search headers and text
     * ({@link MessageStructure#hasSearchData()} false), which FETCH never needs: cheaper where they are kept apart.
     */
    default Map<Long, MessageStructure> fetchStructures(MailboxId mailbox, List<Long> uids) throws StoreException {
        return structures(mailbox, uids);
    }

    /**
     * The structures {@link #fetchStructures} would give, in their stored form ({@link MessageStructure#toBytes},
     * any version it reads), for stores that keep them so: FETCH then writes ENVELOPE and BODYSTRUCTURE from the
     * bytes ({@link satchel.mime.StructureWire}) without decoding them. Empty when the store keeps structures as
     * objects, which is what this default says; then {@link #fetchStructures} is the way.
     */
    default Optional<Map<Long, byte[]>> storedStructures(MailboxId mailbox, List<Long> uids) throws StoreException {
        return Optional.empty();
    }

    /**
     * As {@link #storedStructures}, except that a value may instead be the message's ENVELOPE and BODYSTRUCTURE as
     * rendered when it was stored ({@link satchel.mime.RenderedStructure#is} tells them apart), which FETCH copies
     * as they are. This default gives the stored structures.
     */
    default Optional<Map<Long, byte[]>> renderedStructures(MailboxId mailbox, List<Long> uids) throws StoreException {
        return storedStructures(mailbox, uids);
    }

    /**
     * Like {@link #structures}, for a SEARCH whose text keys are all HEADER keys (SUBJECT, FROM, ...): the store may
     * load a {@link MessageStructure#foldedSearch()} that holds the header fields only, whose body text is never
     * decoded (reading it throws); a header SEARCH over a mailbox then costs its headers, not its mail.
     */
    default Map<Long, MessageStructure> headerStructures(MailboxId mailbox, List<Long> uids) throws StoreException {
        return structures(mailbox, uids);
    }

    /**
     * The {@link satchel.mime.SearchHeaders} row (the folded Subject, From, To, Cc and Bcc fields) of those messages
     * among {@code uids} (also held expunged ones, as {@link #content}) that have one: every message whose search
     * headers are complete ({@link MessageStructure#searchHeadersTruncated()} false). What a SEARCH whose text keys
     * all name those fields reads instead of {@link #headerStructures}; this default derives it from them.
     */
    default Map<Long, satchel.mime.FoldedSearch> searchHeaders(MailboxId mailbox, List<Long> uids)
            throws StoreException {
        Map<Long, satchel.mime.FoldedSearch> out = new java.util.HashMap<>();
        headerStructures(mailbox, uids).forEach((uid, s) -> {
            if (!s.searchHeadersTruncated()) out.put(uid, satchel.mime.SearchHeaders.of(s.foldedSearch()));
        });
        return out;
    }

    /**
     * The UIDs of messages in the mailbox that may match every one of {@code terms}, from a full-text index: a
     * superset of the matches, which the caller still checks exactly. Empty when the store has no index that can
     * narrow these terms down (then every message is a candidate), which is what this default says.
     */
    default Optional<Set<Long>> textCandidates(MailboxId mailbox, List<TextQuery> terms) throws StoreException {
        return Optional.empty();
    }

    /**
     * {@link #textCandidates}, with the {@link satchel.mime.SearchHeaders} rows of the candidates read in the same
     * pass where the store can (this default reads none): what a SEARCH whose text keys all name those fields asks,
     * so that it needs no second read per batch of candidates.
     */
    default Optional<TextCandidates> headerCandidates(MailboxId mailbox, List<TextQuery> terms) throws StoreException {
        return textCandidates(mailbox, terms).map(TextCandidates::of);
    }

    /** The user's annotations (RFC 5464). */
    UserMetadata metadata();

    /** Keywords (non-system flags) in use in this mailbox, for the FLAGS response. */
    Set<String> keywords(MailboxId mailbox) throws StoreException;

    /** The store's RFC 8474 ids: {@link ObjectIds#mailbox} gives a mailbox's MAILBOXID. */
    ObjectIds objectIds() throws StoreException;

    /**
     * RFC 8474 EMAILID and THREADID, RFC 8514 save date and, if {@code withPreviews}, the stored RFC 8970 preview
     * of the messages among {@code uids} (also of held expunged ones, as {@link #content}); never reads the bodies.
     */
    Map<Long, MessageObjects> objects(MailboxId mailbox, List<Long> uids, boolean withPreviews) throws StoreException;

    /**
     * Keeps previews computed after delivery, by UID, for messages stored before previews were kept; a message gone
     * meanwhile is skipped and a preview already kept stays.
     */
    void savePreviews(MailboxId mailbox, Map<Long, String> previews) throws StoreException;
}
