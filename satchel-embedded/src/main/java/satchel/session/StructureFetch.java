package satchel.session;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import satchel.mime.RenderedStructure;
import satchel.mime.StructureWire;
import satchel.protocol.FetchItem;
import satchel.store.MailboxId;
import satchel.store.StoreException;
import satchel.store.UserMail;

/**
 * FETCH of column items with ENVELOPE, BODY or BODYSTRUCTURE (what a mail client lists a mailbox with), written
 * straight into {@link MetadataFetch}'s line buffer: the column items from the view, the structure items from the
 * stored structure bytes ({@link StructureWire}), read in batches by one range scan each, or copied as the store
 * rendered them at APPEND ({@link RenderedStructure}). No string is decoded and no record built per message; the
 * output is byte for byte what {@link FetchRenderer} writes.
 */
final class StructureFetch implements StructureWire.Sink {
    private static final int BATCH = 1000;

    /** How it went: rendered (possibly without messages expunged meanwhile), or the store keeps no bytes. */
    enum Result { COMPLETE, SOME_GONE, UNSUPPORTED }

    private final MetadataFetch w = new MetadataFetch();
    private boolean needSpace;

    private StructureFetch() {}

    /** Column items and at least one structure item, nothing else. */
    static boolean covers(List<FetchItem> items) {
        boolean structure = false;
        for (FetchItem i : items) {
            switch (i) {
                case FetchItem.Envelope _, FetchItem.BodyStructure _ -> structure = true;
                case FetchItem.Uid _, FetchItem.Flags _, FetchItem.Rfc822Size _, FetchItem.InternalDate _,
                     FetchItem.ModSeq _ -> { }
                case FetchItem.Rfc822 _, FetchItem.BodySection _, FetchItem.Binary _, FetchItem.ObjectItem _ -> {
                    return false;
                }
            }
        }
        return structure;
    }

    /**
     * Queues one FETCH response per message of {@code sel} that still exists, {@code items} in order; nothing at
     * all when the store keeps no structure bytes ({@link Result#UNSUPPORTED}: the caller renders from records).
     */
    static Result write(Replies out, UserMail mail, MailboxId mailbox, Selection sel, List<FetchItem> items,
                        boolean uidOnly) throws IOException, StoreException {
        StructureFetch f = new StructureFetch();
        FlagSets flags = sel.flagSets();
        // BODY (without extension data) is never rendered ahead: with it, every message is walked.
        boolean rendered = items.stream().noneMatch(i -> i instanceof FetchItem.BodyStructure b && !b.extensible());
        boolean gone = false;
        for (int from = 0; from < sel.size(); from += BATCH) {
            int to = Math.min(sel.size(), from + BATCH);
            List<Long> uids = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) uids.add(sel.uid(i));
            Optional<Map<Long, byte[]>> loaded = rendered ? mail.renderedStructures(mailbox, uids)
                    : mail.storedStructures(mailbox, uids);
            if (loaded.isEmpty()) return Result.UNSUPPORTED;
            Map<Long, byte[]> structures = loaded.get();
            for (int i = from; i < to; i++) {
                byte[] s = structures.get(sel.uid(i));
                if (s == null) {
                    gone = true; // expunged by another session and no longer kept (RFC 2180 §4.1.3)
                    continue;
                }
                f.message(sel, i, items, uidOnly, flags, s);
                if (f.w.full()) f.w.drain(out);
            }
        }
        f.w.drain(out);
        return gone ? Result.SOME_GONE : Result.COMPLETE;
    }

    private void message(Selection sel, int i, List<FetchItem> items, boolean uidOnly, FlagSets flags, byte[] s) {
        int mark = w.mark();
        try {
            w.begin(sel, i, uidOnly);
            boolean first = true;
            for (FetchItem item : items) {
                if (!first) w.put((byte) ' ');
                first = false;
                if (w.column(item, sel, i, flags)) continue;
                switch (item) {
                    case FetchItem.Envelope _ when RenderedStructure.is(s) -> {
                        w.ascii("ENVELOPE ");
                        w.bytes(s, RenderedStructure.envelopeOffset(), RenderedStructure.envelopeLength(s));
                    }
                    case FetchItem.BodyStructure b when b.extensible() && RenderedStructure.is(s) -> {
                        int at = RenderedStructure.bodyStructureOffset(s);
                        w.ascii("BODYSTRUCTURE ");
                        w.bytes(s, at, s.length - at);
                    }
                    case FetchItem.Envelope _ -> {
                        w.ascii("ENVELOPE");
                        needSpace = true;
                        StructureWire.envelope(s, this);
                    }
                    case FetchItem.BodyStructure b -> {
                        w.ascii(b.extensible() ? "BODYSTRUCTURE" : "BODY");
                        needSpace = true;
                        StructureWire.body(s, b.extensible(), this);
                    }
                    default -> throw new IllegalArgumentException("not a structure item: " + item);
                }
            }
            w.end();
        } catch (RuntimeException e) {
            w.truncate(mark); // no half line goes out
            throw e;
        }
    }

    private void space() {
        if (needSpace) w.put((byte) ' ');
    }

    @Override public void open() {
        space();
        w.put((byte) '(');
        needSpace = false;
    }

    @Override public void openTight() {
        w.put((byte) '(');
        needSpace = false;
    }

    @Override public void close() {
        w.put((byte) ')');
        needSpace = true;
    }

    @Override public void nil() {
        space();
        w.ascii("NIL");
        needSpace = true;
    }

    @Override public void string(byte[] b, int off, int len) {
        space();
        w.string(b, off, len);
        needSpace = true;
    }

    @Override public void number(long n) {
        space();
        w.number(n);
        needSpace = true;
    }
}
