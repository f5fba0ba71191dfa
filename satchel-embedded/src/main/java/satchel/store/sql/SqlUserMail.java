package satchel.store.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import satchel.mime.MessageStructure;
import satchel.store.AccountBell;
import satchel.store.AppendResult;
import satchel.store.Change;
import satchel.store.CopyResult;
import satchel.store.FlagResult;
import satchel.store.FlagUpdate;
import satchel.store.MailboxId;
import satchel.store.MailboxInfo;
import satchel.store.MailboxLimits;
import satchel.store.MailboxNames;
import satchel.store.MailboxTree;
import satchel.store.MailboxScan;
import satchel.store.MailboxSnapshot;
import satchel.store.MailboxStatus;
import satchel.store.MessageMeta;
import satchel.store.MessageObjects;
import satchel.store.ObjectIds;
import satchel.store.NewMessage;
import satchel.store.StoreException;
import satchel.store.StoreException.Kind;
import satchel.store.TextCandidates;
import satchel.store.TextQuery;
import satchel.store.UserMail;
import satchel.store.UserMail.Appended;

/** One user's view of an SQL store: every mailbox id is checked against the owner inside the transaction. */
final class SqlUserMail implements UserMail {
    private final Database db;
    private final Contents contents;
    private final long userId;
    private final MailboxLimits limits;
    /** Expunged data is kept for sessions holding the mailbox, and let go by this. */
    private final RetainedPurge purge;
    /** Told of every mailbox that got new messages, so it indexes them soon. */
    private final SearchIndexer.Signal indexer;

    /** The store's key, read once (a read-only database of an older schema has none, and needs none until asked). */
    interface Keys {
        ObjectIds get() throws StoreException;
    }

    private final Keys keys;
    /** Where APPENDs into one mailbox share a transaction (PostgreSQL); null where the database groups commits. */
    private final AppendBatches batches;
    /** Where sessions' per-command change checks share a statement (PostgreSQL); null where each reads its own. */
    private final ChangeReads changeReads;

    SqlUserMail(Database db, Contents contents, long userId, MailboxLimits limits, RetainedPurge purge,
                SearchIndexer.Signal indexer, Keys keys, AppendBatches batches, ChangeReads changeReads) {
        this.keys = keys;
        this.batches = batches;
        this.changeReads = changeReads;
        this.db = db;
        this.contents = contents;
        this.userId = userId;
        this.limits = limits;
        this.purge = purge;
        this.indexer = indexer;
    }

    @Override
    public satchel.store.UserMetadata metadata() {
        return new SqlMetadata(db, userId);
    }

    @Override
    public List<MailboxInfo> list() throws StoreException {
        return db.read(tx -> Mailboxes.all(tx.c(), userId).stream().map(MailboxRow::info).toList());
    }

    @Override
    public Optional<MailboxInfo> find(String name) throws StoreException {
        Optional<String> n = normalized(name);
        return n.isEmpty() ? Optional.empty() : byName(n.get());
    }

    /** {@code name} normalized, or empty for a name that cannot exist: such a mailbox is simply not found. */
    private static Optional<String> normalized(String name) {
        try {
            return Optional.of(MailboxNames.normalize(name));
        } catch (StoreException invalid) {
            return Optional.empty();
        }
    }

    private Optional<MailboxInfo> byName(String normalized) throws StoreException {
        return db.readOne(tx -> Mailboxes.byName(tx.c(), userId, normalized).map(MailboxRow::info));
    }

    /**
     * Where each lookup is a round trip (PostgreSQL, {@link #batches} set), the mailboxes this session appended to
     * lately, by normalized name: APPEND's lookup was one round trip of three per message. Never trusted alone: the
     * statement that takes the UID checks the name too, and a name that no longer leads there is looked up afresh.
     */
    private final Map<String, MailboxInfo> targets = new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, MailboxInfo> eldest) {
            return size() > 8;
        }
    };

    @Override
    public Optional<MailboxInfo> appendTarget(String name) throws StoreException {
        if (batches == null) return find(name);
        Optional<String> n = normalized(name);
        if (n.isEmpty()) return Optional.empty();
        synchronized (targets) {
            MailboxInfo known = targets.get(n.get());
            if (known != null) return Optional.of(known);
        }
        Optional<MailboxInfo> found = byName(n.get());
        if (found.isPresent() && found.get().selectable()) {
            synchronized (targets) {
                targets.put(n.get(), found.get());
            }
        }
        return found;
    }

    @Override
    public satchel.store.Pending<List<AppendResult>> appendLater(MailboxInfo target, List<NewMessage> messages) {
        if (batches == null || messages.isEmpty()) return appendLater(target.id(), messages);
        List<Prepared> prepared;
        satchel.store.Pending<List<AppendResult>> first;
        try (Database.Arrival _ = db.arriving()) {
            prepared = messages.stream().map(m -> Prepared.of(m, contents)).toList();
            first = submit(target.id(), target.name(), prepared);
        }
        return () -> {
            satchel.store.Pending<List<AppendResult>> queued = first;
            MailboxInfo to = target;
            for (int attempt = 1; ; attempt++) {
                try {
                    return queued.await();
                } catch (PipelinedAppend.Renamed stale) {
                    // The name leads elsewhere now (renamed, deleted, recreated, maybe by another node): look again.
                    synchronized (targets) {
                        targets.remove(to.name());
                    }
                    Optional<MailboxInfo> now = find(to.name());
                    if (now.isEmpty()) throw new StoreException(Kind.TRYCREATE, "Mailbox does not exist");
                    if (!now.get().selectable()) throw new StoreException(Kind.CANNOT, "Mailbox cannot hold messages");
                    if (attempt == 3) throw new StoreException(Kind.UNAVAILABLE, "The mailbox keeps changing; try again");
                    to = now.get();
                    queued = submit(to.id(), to.name(), prepared);
                }
            }
        };
    }

    @Override
    public MailboxInfo create(String name, Set<String> specialUse) throws StoreException {
        String n = MailboxNames.normalize(name);
        if (MailboxNames.isInbox(n)) throw new StoreException(Kind.ALREADY_EXISTS, "INBOX always exists");
        limits.checkName(n); // cheap refusals before the transaction; MailboxTree checks again inside
        return db.write(tx -> {
            Mailboxes.requireUser(tx, userId);
            NameOps ops = new NameOps(tx, userId, contents);
            ops.apply(MailboxTree.create(ops.view(), n, specialUse, limits), _ -> false);
            tx.ring().add(AccountBell.of(userId));
            return Mailboxes.byName(tx.c(), userId, n).orElseThrow().info();
        });
    }

    @Override
    public void delete(String name) throws StoreException {
        String n = MailboxNames.normalize(name);
        if (MailboxNames.isInbox(n)) throw new StoreException(Kind.CANNOT, "INBOX cannot be deleted");
        db.writeFreeing(tx -> {
            Mailboxes.requireUser(tx, userId);
            NameOps ops = new NameOps(tx, userId, contents);
            ops.apply(MailboxTree.delete(ops.view(), n), _ -> false);
            tx.ring().add(AccountBell.of(userId));
            return null;
        });
    }

    @Override
    public void rename(String from, String to) throws StoreException {
        String f = MailboxNames.normalize(from);
        String t = MailboxNames.normalize(to);
        limits.checkName(t);
        // Renaming INBOX moves its messages out: kept for INBOX's sessions as for an expunge.
        purge.holds().stable(() -> db.write(tx -> {
            Mailboxes.requireUser(tx, userId);
            NameOps ops = new NameOps(tx, userId, contents);
            ops.apply(MailboxTree.rename(ops.view(), f, t, limits), id -> purge.held(new MailboxId(id)));
            tx.ring().add(AccountBell.of(userId));
            return null;
        }));
        if (MailboxNames.isInbox(f)) purge.signal();
    }

    @Override
    public void subscribe(String name, boolean on) throws StoreException {
        String n = MailboxNames.normalize(name);
        if (!on) {
            db.writeFreeing(tx -> {
                Mailboxes.subscribe(tx.c(), userId, n, false);
                tx.ring().add(AccountBell.of(userId));
                return null;
            });
            return;
        }
        // Subscriptions may name mailboxes that do not exist, so they are bounded like mailboxes themselves.
        limits.checkName(n);
        db.write(tx -> {
            Mailboxes.requireUser(tx, userId);
            if (!Mailboxes.subscribed(tx.c(), userId, n)) limits.checkCount(Mailboxes.subscriptionCount(tx.c(), userId), 1);
            Mailboxes.subscribe(tx.c(), userId, n, true);
            tx.ring().add(AccountBell.of(userId));
            return null;
        });
    }

    @Override
    public List<String> subscriptions() throws StoreException {
        return db.read(tx -> {
            List<String> out = new ArrayList<>();
            try (var ps = tx.c().prepareStatement("SELECT name FROM subscriptions WHERE user_id = ?")) {
                ps.setLong(1, userId);
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) out.add(rs.getString(1));
                }
            }
            out.sort(null);
            return out;
        });
    }

    @Override
    public MailboxStatus status(MailboxId mailbox) throws StoreException {
        Optional<MailboxStatus> checked = db.readOne(tx -> Messages.statusChecked(tx.c(), userId, mailbox.value()));
        if (checked.isPresent()) return checked.get();
        return db.read(tx -> Messages.status(tx.c(), Mailboxes.selectable(tx, userId, mailbox.value())));
    }

    @Override
    public Optional<MailboxStatus.Of> statusOf(String name) throws StoreException {
        if (changeReads == null) return UserMail.super.statusOf(name); // in-process: two reads cost no round trip
        Optional<String> n = normalized(name);
        if (n.isEmpty()) return Optional.empty();
        return db.readOne(tx -> Messages.statusByName(tx.c(), userId, n.get()));
    }

    @Override
    public MailboxSnapshot snapshot(MailboxId mailbox) throws StoreException {
        return db.read(tx -> {
            MailboxRow box = Mailboxes.selectable(tx, userId, mailbox.value());
            return new MailboxSnapshot(box.info(), box.uidNext(), box.highestModSeq(), box.firstRecentUid(),
                    Messages.all(tx.c(), box.id()));
        });
    }

    @Override
    public MailboxScan.Head scan(MailboxId mailbox, MailboxScan scan) throws StoreException {
        return db.read(tx -> {
            MailboxRow box = Mailboxes.selectable(tx, userId, mailbox.value());
            var head = new MailboxScan.Head(box.info(), box.uidNext(), box.highestModSeq(), box.firstRecentUid());
            if (scan.wants(head)) Messages.scan(tx.c(), box.id(), scan);
            return head;
        });
    }

    @Override
    public long claimRecent(MailboxId mailbox, long uidNext) throws StoreException {
        try {
            // One statement (it commits without waiting for its flush, see there): no transaction around it.
            if (db.dialect().writableCtes()) {
                return db.writeOne(tx -> RecentClaim.claim(tx, userId, mailbox.value(), uidNext));
            }
            return db.writeFreeing(tx -> {
                MailboxRow box = Mailboxes.selectable(tx, userId, mailbox.value());
                long next = Math.max(box.firstRecentUid(), Math.min(uidNext, box.uidNext()));
                if (next != box.firstRecentUid()) Mailboxes.update(tx.c(), "first_recent_uid = ?", box.id(), next);
                return box.firstRecentUid();
            });
        } catch (StoreException e) {
            if (e.kind() != Kind.UNAVAILABLE) throw e;
            // No room even to record who saw \Recent: SELECT must still work, so the user can delete mail. The
            // messages then stay \Recent for the next session too (RFC 3501 §2.3.2 asks for one; better than none).
            return db.read(tx -> Mailboxes.selectable(tx, userId, mailbox.value()).firstRecentUid());
        }
    }

    @Override
    public List<AppendResult> append(MailboxId mailbox, List<NewMessage> messages) throws StoreException {
        return appendLater(mailbox, messages).await();
    }

    @Override
    public satchel.store.Pending<List<AppendResult>> appendLater(MailboxId mailbox, List<NewMessage> messages) {
        try (Database.Arrival _ = db.arriving()) { // a commit starting meanwhile may wait for this one
            return submit(mailbox, null, messages.stream().map(m -> Prepared.of(m, contents)).toList());
        }
    }

    /**
     * On SQLite the claim rides in the append's own transaction: one request to the single writer instead of two
     * (the mixed load's APPEND into a selected INBOX). PostgreSQL ({@link #batches}) keeps its separate claim: its
     * appends are batched statements shared by sessions, and its claim is already one statement that commits
     * without waiting for a flush and queues behind no writer.
     */
    @Override
    public boolean claimsInAppend() {
        return batches == null;
    }

    @Override
    public satchel.store.Pending<Appended> appendClaiming(MailboxInfo target, List<NewMessage> messages,
                                                          long knownUidNext) {
        if (batches != null || messages.isEmpty()) return UserMail.super.appendClaiming(target, messages, knownUidNext);
        try (Database.Arrival _ = db.arriving()) {
            List<Prepared> prepared = messages.stream().map(m -> Prepared.of(m, contents)).toList();
            satchel.store.Pending<Appended> queued = written(target.id(), prepared, knownUidNext);
            return () -> {
                Appended out = queued.await();
                indexer.signal(target.id(), out.results().size());
                return out;
            };
        }
    }

    /**
     * The single writer's append transaction, claiming \Recent as {@link #appendClaiming} says ({@code knownUidNext}
     * {@link Long#MAX_VALUE}: never).
     */
    private satchel.store.Pending<Appended> written(MailboxId mailbox, List<Prepared> prepared, long knownUidNext) {
        Load load = Load.of(prepared);
        return db.submitGrowing(tx -> {
            MailboxRow box = Mailboxes.selectable(tx, userId, mailbox.value());
            if (prepared.isEmpty()) return new Appended(List.of(), Appended.NOT_CLAIMED);
            Quotas.charge(tx.c(), userId, load.charge(), limits.quota()); // RFC 3502: over quota, none is stored
            tx.ring().add(mailbox);
            // Only if the caller has no unclaimed message yet (its own claim still under way, or one refused on a
            // full disk): the first recent UID is one mark, and must not pass a message the caller showed unclaimed.
            boolean claim = box.firstRecentUid() >= knownUidNext;
            List<AppendResult> out = MessageWrites.append(tx.c(), contents, box, prepared, claim);
            return new Appended(out, claim ? box.firstRecentUid() : Appended.NOT_CLAIMED);
        }, load.bytes());
    }

    /**
     * Prepared on this (the session's) thread: the writer only inserts. {@code name}, if not null, is the name the
     * mailbox must still have ({@link PipelinedAppend.Renamed} otherwise); given only where APPENDs go through
     * {@link #batches}, which check it in the statement that takes the UIDs.
     */
    private satchel.store.Pending<List<AppendResult>> submit(MailboxId mailbox, String name, List<Prepared> prepared) {
        Load load = Load.of(prepared);
        satchel.store.Pending<List<AppendResult>> queued;
        if (batches != null && !prepared.isEmpty()) {
            queued = batches.submit(userId, mailbox, name, prepared, load.charge(), limits.quota(), load.bytes());
        } else {
            satchel.store.Pending<Appended> written = written(mailbox, prepared, Long.MAX_VALUE);
            queued = () -> written.await().results();
        }
        return () -> {
            List<AppendResult> out = queued.await();
            indexer.signal(mailbox, out.size());
            return out;
        };
    }

    @Override
    public List<Change> changesSince(MailboxId mailbox, long modSeq) throws StoreException {
        // Asked after every command in a selected mailbox where bells do not suffice (PostgreSQL): one statement.
        Optional<List<Change>> checked = changeReads != null
                ? changeReads.changesSince(userId, mailbox.value(), modSeq)
                : db.readOne(tx -> Messages.changesSinceChecked(tx.c(), userId, mailbox.value(), modSeq));
        if (checked.isPresent()) return checked.get();
        return db.read(tx -> Messages.changesSince(tx.c(),
                Mailboxes.selectable(tx, userId, mailbox.value()).id(), modSeq));
    }

    @Override
    public FlagResult updateKnownFlags(MailboxId mailbox, List<MessageMeta> known, FlagUpdate update)
            throws StoreException {
        List<Long> uids = known.stream().map(MessageMeta::uid).toList();
        if (db.dialect().writableCtes() && FlagStatement.changesNothing(known, update)) {
            // Nothing to change by the caller's rows: one read confirms it on fresh rows, no write transaction.
            List<MessageMeta> fresh = db.readOne(tx -> Messages.existingIfSelectable(tx.c(), userId, mailbox.value(),
                    uids)).stream().map(Messages.Row::meta).toList();
            if (!fresh.isEmpty() && FlagStatement.changesNothing(fresh, update)) {
                return new FlagResult(List.of(), List.of());
            }
        } else if (db.dialect().writableCtes()) {
            try {
                return db.writeFreeing(tx -> {
                    FlagResult r = FlagStatement.updateKnown(tx, userId, mailbox.value(), known, update);
                    tx.ring().add(mailbox);
                    return r;
                });
            } catch (FlagStatement.Raced raced) {
                // not as the caller saw them (rolled back): read afresh below
            }
        }
        return updateFlags(mailbox, uids, update);
    }

    @Override
    public FlagResult updateFlags(MailboxId mailbox, List<Long> uids, FlagUpdate update) throws StoreException {
        if (db.dialect().writableCtes()) {
            try {
                return db.writeFreeing(tx -> {
                    FlagResult r = FlagStatement.update(tx, userId, mailbox.value(), uids, update);
                    if (!r.changed().isEmpty()) tx.ring().add(mailbox);
                    return r;
                });
            } catch (FlagStatement.Raced raced) {
                // a row changed under the optimistic write (rolled back), or the mailbox needs its refusal: below
            }
        }
        return db.writeFreeing(tx -> {
            MailboxRow box = Mailboxes.selectable(tx, userId, mailbox.value());
            FlagResult r = MessageWrites.updateFlags(tx.c(), box, uids, update);
            if (!r.changed().isEmpty()) tx.ring().add(mailbox);
            return r;
        });
    }

    @Override
    public List<Long> expunge(MailboxId mailbox, List<Long> uids) throws StoreException {
        // On a full disk the write may use the reserve: deleting mail is how users make room (issue 10).
        List<Long> removed = purge.holds().stable(() -> {
            if (db.dialect().writableCtes() && !uids.isEmpty()) {
                try {
                    return db.writeFreeing(tx -> {
                        List<Long> r = ExpungeStatement.expunge(tx, contents, userId, mailbox.value(), uids,
                                purge.held(mailbox));
                        tx.ring().add(mailbox);
                        return r;
                    });
                } catch (FlagStatement.Raced nothing) {
                    // nothing to expunge, or the mailbox needs its refusal: the locking path below says which
                }
            }
            return db.writeFreeing(tx -> {
                MailboxRow box = Mailboxes.selectable(tx, userId, mailbox.value());
                List<Messages.Row> rows = Messages.existing(tx.c(), box.id(), uids);
                List<Long> r = MessageWrites.expunge(tx.c(), contents, box, rows, purge.held(mailbox));
                if (!r.isEmpty()) tx.ring().add(mailbox);
                Quotas.count(tx.c(), userId, sizes(rows).negate());
                return r;
            });
        });
        if (!removed.isEmpty()) purge.signal();
        return removed;
    }

    @Override
    public CopyResult copy(MailboxId from, List<Long> uids, MailboxId to) throws StoreException {
        return transfer(from, uids, to, false);
    }

    @Override
    public CopyResult move(MailboxId from, List<Long> uids, MailboxId to) throws StoreException {
        CopyResult r = purge.holds().stable(() -> transfer(from, uids, to, true));
        if (!r.sourceUids().isEmpty()) purge.signal();
        return r;
    }

    /** COPY, or RFC 6851 MOVE: the copy and the source expunge commit together or not at all. */
    private CopyResult transfer(MailboxId from, List<Long> uids, MailboxId to, boolean move) throws StoreException {
        // MOVE to Trash is how many clients delete, so it may use the reserve; COPY only adds.
        Database.Work<CopyResult> work = tx -> {
            MailboxRow src = Mailboxes.selectable(tx, userId, from.value());
            MailboxRow dst = Mailboxes.selectable(tx, userId, to.value());
            List<Messages.Row> rows = Messages.existing(tx.c(), src.id(), uids);
            if (rows.size() < uids.size() && MessageWrites.anyExpunged(tx.c(), src.id(), uids, rows)) {
                throw new StoreException(Kind.EXPUNGED, "Some of the messages no longer exist");
            }
            // A MOVE stays within the user's one quota root: usage does not change, and a user over quota may
            // still move mail (to Trash, say) to clean up.
            if (!move && !rows.isEmpty()) Quotas.charge(tx.c(), userId, sizes(rows), limits.quota());
            CopyResult r = MessageWrites.copy(tx.c(), rows, dst); // blobs already indexed (or queued): no signal
            if (rows.isEmpty()) return r;
            tx.ring().add(to);
            if (move) {
                // Re-read the source: copying into the same mailbox changed its counters.
                MessageWrites.expunge(tx.c(), contents, Mailboxes.owned(tx, userId, src.id()), rows, purge.held(from));
                tx.ring().add(from);
            }
            return r;
        };
        return move ? db.writeFreeing(work) : db.writeGrowing(work, 0);
    }

    private static Quotas.Delta sizes(List<Messages.Row> rows) {
        Quotas.Delta d = Quotas.Delta.NONE;
        for (Messages.Row r : rows) d = d.plus(r.meta().size());
        return d;
    }

    @Override
    public byte[] content(MailboxId mailbox, long uid) throws StoreException {
        Optional<byte[]> live = db.readOne(tx -> contents.blobs().ofMessage(tx.c(), userId, mailbox.value(), uid));
        if (live.isPresent()) return live.get();
        return db.read(tx -> Messages.content(tx.c(), contents.blobs(),
                Mailboxes.selectable(tx, userId, mailbox.value()).id(), uid));
    }

    @Override
    public Map<Long, MessageStructure> structures(MailboxId mailbox, List<Long> uids) throws StoreException {
        return db.read(tx -> Messages.structures(tx.c(),
                Mailboxes.selectable(tx, userId, mailbox.value()).id(), uids, Messages.Search.ALL));
    }

    @Override
    public Map<Long, MessageStructure> fetchStructures(MailboxId mailbox, List<Long> uids) throws StoreException {
        Optional<Map<Long, MessageStructure>> checked = db.readOne(tx -> Messages.structuresChecked(tx.c(), userId,
                mailbox.value(), uids, Messages.Search.NONE));
        if (checked.isPresent()) return checked.get();
        return db.read(tx -> Messages.structures(tx.c(),
                Mailboxes.selectable(tx, userId, mailbox.value()).id(), uids, Messages.Search.NONE));
    }

    @Override
    public Optional<Map<Long, byte[]>> storedStructures(MailboxId mailbox, List<Long> uids) throws StoreException {
        return Optional.of(db.read(tx -> Messages.structureBytes(tx.c(),
                Mailboxes.selectable(tx, userId, mailbox.value()).id(), uids)));
    }

    @Override
    public Optional<Map<Long, byte[]>> renderedStructures(MailboxId mailbox, List<Long> uids) throws StoreException {
        // Every FETCH of ENVELOPE or BODYSTRUCTURE: one statement where it can (see fetchStructures).
        Optional<Map<Long, byte[]>> checked = db.readOne(tx -> Messages.renderedChecked(tx.c(), userId,
                mailbox.value(), uids));
        if (checked.isPresent()) return checked;
        return Optional.of(db.read(tx -> Messages.renderedOrStructureBytes(tx.c(),
                Mailboxes.selectable(tx, userId, mailbox.value()).id(), uids)));
    }

    @Override
    public Map<Long, MessageStructure> headerStructures(MailboxId mailbox, List<Long> uids) throws StoreException {
        return db.read(tx -> Messages.structures(tx.c(),
                Mailboxes.selectable(tx, userId, mailbox.value()).id(), uids, Messages.Search.HEADERS));
    }

    @Override
    public Map<Long, satchel.mime.FoldedSearch> searchHeaders(MailboxId mailbox, List<Long> uids) throws StoreException {
        return db.read(tx -> SearchHeaderRows.read(tx.c(), Mailboxes.selectable(tx, userId, mailbox.value()).id(), uids));
    }

    @Override
    public Optional<Set<Long>> textCandidates(MailboxId mailbox, List<TextQuery> terms) throws StoreException {
        return db.read(tx -> {
            long box = Mailboxes.selectable(tx, userId, mailbox.value()).id();
            Optional<Set<Long>> found = db.dialect().fullText().candidates(tx.c(), userId, box, terms);
            if (found.isEmpty()) return found;
            // Messages expunged by another session are still shown (and searched: RFC 2180 §4.2.1) by sessions
            // that have not heard of it; the index looks only at the mailbox's messages, so they are added here.
            Set<Long> out = new java.util.TreeSet<>(found.get());
            out.addAll(Messages.retainedUids(tx.c(), box));
            return Optional.of(out);
        });
    }

    @Override
    public Optional<TextCandidates> headerCandidates(MailboxId mailbox, List<TextQuery> terms) throws StoreException {
        return db.read(tx -> {
            long box = Mailboxes.selectable(tx, userId, mailbox.value()).id();
            Optional<TextCandidates> found = db.dialect().fullText().headerCandidates(tx.c(), userId, box, terms);
            if (found.isEmpty()) return found;
            // As textCandidates: the expunged messages a session still shows; their rows are read with the rest.
            List<Long> retained = Messages.retainedUids(tx.c(), box);
            if (retained.isEmpty()) return found;
            Set<Long> out = new java.util.TreeSet<>(found.get().uids());
            out.addAll(retained);
            return Optional.of(new TextCandidates(out, found.get().headerRows()));
        });
    }

    @Override
    public ObjectIds objectIds() throws StoreException {
        return keys.get();
    }

    @Override
    public Map<Long, MessageObjects> objects(MailboxId mailbox, List<Long> uids, boolean withPreviews)
            throws StoreException {
        ObjectIds ids = keys.get();
        return db.read(tx -> ObjectRows.objects(tx.c(), ids, userId,
                Mailboxes.selectable(tx, userId, mailbox.value()).id(), uids, withPreviews));
    }

    @Override
    public void savePreviews(MailboxId mailbox, Map<Long, String> previews) throws StoreException {
        if (previews.isEmpty()) return;
        long bytes = 0;
        for (String p : previews.values()) bytes += p.length() * 3L;
        final long size = bytes;
        db.writeGrowing(tx -> {
            ObjectRows.savePreviews(tx.c(), Mailboxes.selectable(tx, userId, mailbox.value()).id(), previews);
            return null;
        }, size);
    }

    @Override
    public Set<String> keywords(MailboxId mailbox) throws StoreException {
        return db.read(tx -> Messages.keywords(tx.c(), Mailboxes.selectable(tx, userId, mailbox.value()).id()));
    }

    /** What an APPEND of {@code prepared} writes and charges against the quota (the messages' stored sizes). */
    private record Load(long bytes, Quotas.Delta charge) {
        static Load of(List<Prepared> prepared) {
            long bytes = 0;
            Quotas.Delta charge = Quotas.Delta.NONE;
            for (Prepared p : prepared) {
                bytes += p.size();
                charge = charge.plus(p.content().length);
            }
            return new Load(bytes, charge);
        }
    }
}
