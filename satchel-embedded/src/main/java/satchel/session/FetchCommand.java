package satchel.session;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import satchel.mime.MessageStructure;
import satchel.protocol.Command.Fetch;
import satchel.protocol.FetchItem;
import satchel.session.SessionState.Selected;
import satchel.store.FlagResult;
import satchel.store.FlagUpdate;
import satchel.store.StoreException;
import satchel.wire.Response;

/**
 * FETCH and UID FETCH (RFC 3501 §6.4.5). Structures are loaded in batches so metadata fetches over a large
 * mailbox never open message bodies; \Seen is set first when a non-PEEK body item is asked for.
 */
final class FetchCommand {
    private static final int BATCH = 500;

    private final Env env;

    FetchCommand(Env env) {
        this.env = env;
    }

    /** RFC 9394 §3.3: with PARTIAL, only that page of the messages named (in UID order, -1 the highest UID). */
    private static Selection page(Fetch cmd, Selection entries) {
        if (cmd.partial().isEmpty()) return entries;
        satchel.protocol.PartialRange.Window w = cmd.partial().get().window(entries.size());
        return entries.subList(w.from(), w.to());
    }

    void run(Selected state, Fetch cmd) throws IOException, StoreException, MailboxView.BadSequence {
        Replies out = env.out();
        MailboxView view = state.view();
        Selection entries = view.resolve(cmd.set(), cmd.byUid());
        List<FetchItem> items = new ArrayList<>(cmd.items());
        // RFC 3501 §6.4.8: UID FETCH always returns UID; RFC 9586 §3.3: UIDFETCH carries it up front, not as an item
        // (kept only when it is all that was asked: a msg-att is never empty).
        boolean uidOnly = env.settings().uidOnly();
        if (uidOnly && items.size() > 1) items.removeIf(i -> i instanceof FetchItem.Uid);
        if (cmd.byUid() && !uidOnly && !has(items, FetchItem.Uid.class)) items.addFirst(new FetchItem.Uid());
        // RFC 7162 §3.2.6: only UID FETCH with CHANGEDSINCE, and only once QRESYNC is enabled.
        if (cmd.vanished() && (!cmd.byUid() || cmd.changedSince().isEmpty() || !env.settings().qresync())) {
            out.bad("VANISHED needs UID FETCH, CHANGEDSINCE and an enabled QRESYNC");
            return;
        }
        // RFC 7162 §3.1: MODSEQ and CHANGEDSINCE enable CONDSTORE; then every FETCH carries MODSEQ.
        boolean modSeqAsked = has(items, FetchItem.ModSeq.class);
        if (modSeqAsked || cmd.changedSince().isPresent()) env.enableCondstore(view);
        if (!modSeqAsked && env.settings().condstore()) items.add(new FetchItem.ModSeq());
        long since = cmd.changedSince().orElse(0);
        if (cmd.vanished()) Resync.vanished(out, state.user().mail(), view, cmd.set(), since);
        entries = page(cmd, entries.changedSince(since));
        if (MetadataFetch.covers(items)) {
            MetadataFetch.write(out, entries, items, env.settings().uidOnly());
            out.ok("Fetch completed.");
            return;
        }
        if (StructureFetch.covers(items)) {
            switch (StructureFetch.write(out, state.user().mail(), view.info().id(), entries, items, uidOnly)) {
                case COMPLETE -> {
                    out.ok("Fetch completed.");
                    return;
                }
                case SOME_GONE -> {
                    out.no("EXPUNGEISSUED", "Some messages were expunged before they could be fetched");
                    return;
                }
                case UNSUPPORTED -> { } // structures kept as records: rendered from them below
            }
        }
        Set<Long> nowSeen = markSeen(state, entries, items);
        // Again, for the new flags and modseqs of the messages just marked \Seen.
        if (!nowSeen.isEmpty()) entries = page(cmd, view.resolve(cmd.set(), cmd.byUid()).changedSince(since));
        List<FetchItem> withFlags = new ArrayList<>(items);
        // The new \Seen goes early in the same response, after UID, as Dovecot sends it.
        if (!has(items, FetchItem.Flags.class)) {
            withFlags.add(items.getFirst() instanceof FetchItem.Uid ? 1 : 0, new FetchItem.Flags());
        }
        boolean structures = false;
        for (FetchItem i : items) structures |= FetchRenderer.needsStructure(i);
        long bodyCopies = bodyCopies(items);
        boolean gone = false;
        for (int from = 0; from < entries.size(); from += BATCH) {
            int to = Math.min(entries.size(), from + BATCH);
            List<MailboxView.Entry> batch = entries.subList(from, to);
            Map<Long, MessageStructure> structs = structures
                    ? state.user().mail().fetchStructures(view.info().id(), uids(entries, from, to))
                    : Map.of();
            Map<Long, satchel.store.MessageObjects> objects = !ObjectData.wanted(items) ? Map.of()
                    : ObjectData.forFetch(state.user().mail(), view.info().id(), batch, items, env.config().messageMemory());
            for (int i = from; i < to; i++) {
                MailboxView.Entry e = batch.get(i - from);
                var m = new LoadedMessage(e, state.user().mail(), view.info().id(), structs.get(e.meta().uid()))
                        .withObjects(objects.get(e.meta().uid()))
                        .withRenderedFlags(entries.renderedFlags(i));
                // Sized for the body too, so a literal short of Response.BY_REFERENCE is not grown into copy by copy.
                Response r = FetchStart.of(e.seq(), e.meta().uid(), env.settings().uidOnly(),
                        (structures ? 1024 : 128) + (int) Math.min(bodyCopies * Response.buffered(e.meta().size()), 1 << 20));
                // The body stays in the heap until its response is written: large ones wait for the server's budget.
                try (var lease = env.config().messageMemory().acquire(bodyCopies * e.meta().size())) {
                    try {
                        FetchRenderer.render(r, nowSeen.contains(e.meta().uid()) ? withFlags : items, m);
                    } catch (LoadedMessage.Gone g) {
                        if (g.expunged()) {
                            gone = true;
                            continue;
                        }
                        // The store failed (RFC 5530 UNAVAILABLE during a database outage): the message is still
                        // there, and EXPUNGEISSUED would tell the client otherwise.
                        StoreErrors.no(out, g.reason());
                        return;
                    } catch (FetchException f) {
                        // RFC 3516 §4.3: BINARY of an unknown encoding fails the command; nothing half-built is sent.
                        out.no(f.code(), f.getMessage());
                        return;
                    }
                    out.queue(r);
                }
            }
        }
        if (gone) out.no("EXPUNGEISSUED", "Some messages were expunged before they could be fetched");
        else out.ok("Fetch completed.");
    }

    private static List<Long> uids(Selection sel, int from, int to) {
        List<Long> out = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) out.add(sel.uid(i));
        return out;
    }

    /** RFC 3501 §6.4.5: BODY[...] (not PEEK), RFC822 and RFC822.TEXT set \Seen in a read-write mailbox. */
    private Set<Long> markSeen(Selected state, List<MailboxView.Entry> entries, List<FetchItem> items)
            throws StoreException, IOException {
        if (state.view().readOnly()) return Set.of();
        boolean sets = false;
        for (FetchItem i : items) sets |= setsSeen(i);
        if (!sets) return Set.of();
        List<Long> unseen = entries.stream().filter(e -> !e.meta().flags().contains("\\Seen")).map(e -> e.meta().uid()).toList();
        if (unseen.isEmpty()) return Set.of();
        FlagResult r = state.user().mail().updateFlags(state.view().info().id(), unseen,
                new FlagUpdate(FlagUpdate.Mode.ADD, Set.of("\\Seen"), -1));
        state.view().updated(r.changed(), env.out());
        return Set.copyOf(r.changed().stream().map(m -> m.uid()).toList());
    }

    private static boolean setsSeen(FetchItem i) {
        return switch (i) {
            case FetchItem.BodySection b -> !b.peek();
            case FetchItem.Binary b -> !b.peek() && !b.sizeOnly();
            case FetchItem.Rfc822 r -> r.kind() != FetchItem.Rfc822Kind.HEADER;
            case FetchItem.Uid _, FetchItem.Flags _, FetchItem.InternalDate _, FetchItem.Rfc822Size _,
                 FetchItem.Envelope _, FetchItem.BodyStructure _, FetchItem.ModSeq _, FetchItem.ObjectItem _ -> false;
        };
    }

    /** Message-sized arrays a response holds: the body if any item reads it, and a decoded copy per BINARY. */
    private static long bodyCopies(List<FetchItem> items) {
        long binaries = 0;
        boolean body = false;
        for (FetchItem i : items) {
            if (i instanceof FetchItem.Binary) binaries++;
            else if (i instanceof FetchItem.BodySection || i instanceof FetchItem.Rfc822) body = true;
        }
        return (body || binaries > 0 ? 1 : 0) + binaries;
    }

    /** Whether an item of {@code kind} is asked for: a loop, not a stream, as this runs for every FETCH command. */
    private static boolean has(List<FetchItem> items, Class<? extends FetchItem> kind) {
        for (FetchItem i : items) if (kind.isInstance(i)) return true;
        return false;
    }

}
