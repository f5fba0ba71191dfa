package satchel.session;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import satchel.protocol.Command.Store;
import satchel.session.SessionState.Selected;
import satchel.store.FlagResult;
import satchel.store.FlagUpdate;
import satchel.store.MessageMeta;
import satchel.store.StoreException;
import satchel.wire.Response;

/** STORE and UID STORE (RFC 3501 §6.4.6), with RFC 7162 UNCHANGEDSINCE. */
final class StoreCommand {
    private final Env env;

    StoreCommand(Env env) {
        this.env = env;
    }

    void run(Selected state, Store cmd) throws IOException, StoreException, MailboxView.BadSequence {
        Replies out = env.out();
        MailboxView view = state.view();
        List<MailboxView.Entry> entries = view.resolve(cmd.set(), cmd.byUid());
        Set<String> flags;
        try {
            flags = Flags.storable(cmd.flags());
        } catch (Flags.Invalid e) {
            out.bad(e.getMessage());
            return;
        }
        // RFC 7162 §3.1: UNCHANGEDSINCE enables CONDSTORE (OK [HIGHESTMODSEQ] before this command's FETCHes).
        if (cmd.unchangedSince().isPresent()) env.enableCondstore(view);
        if (view.readOnly()) {
            out.no("READ-ONLY", "Mailbox is read-only");
            return;
        }
        // The rows as this session last saw them: the store may write from them without reading them again.
        List<MessageMeta> known = entries.stream().map(MailboxView.Entry::meta).toList();
        FlagUpdate update = new FlagUpdate(mode(cmd), flags, cmd.unchangedSince().orElse(-1));
        FlagResult result = known.isEmpty() ? new FlagResult(List.of(), List.of())
                : state.user().mail().updateKnownFlags(view.info().id(), known, update);
        view.updated(result.changed(), out);
        boolean condstore = env.settings().condstore();
        boolean uidOnly = env.settings().uidOnly(); // RFC 9586 §3.3: UIDFETCH
        // RFC 7162 §3.1.3 (UNCHANGEDSINCE) and §3.1.4.2 Example 14 (any STORE once CONDSTORE is on): .SILENT
        // still returns a FETCH, with MODSEQ and no FLAGS, so the client learns each new mod-sequence.
        boolean modSeqOnly = cmd.silent() && condstore;
        if (!cmd.silent() || modSeqOnly) {
            for (MailboxView.Entry e : view.resolve(cmd.set(), cmd.byUid())) {
                if (result.unchangedSinceFailed().contains(e.meta().uid())) continue;
                out.queue(modSeqOnly ? fetchModSeq(e, uidOnly) : fetchFlags(e, cmd.byUid(), condstore, uidOnly));
            }
        }
        if (!result.unchangedSinceFailed().isEmpty()) {
            List<Long> failed = result.unchangedSinceFailed();
            String set = cmd.byUid() ? UidSets.format(failed)
                    : UidSets.format(failed.stream().map(u -> (long) view.seqOf(u)).toList());
            out.ok("MODIFIED " + set, "Conditional STORE failed");
            return;
        }
        out.ok("Store completed.");
    }

    private static Response fetchFlags(MailboxView.Entry e, boolean byUid, boolean condstore, boolean uidOnly) {
        Response r = FetchStart.of(e.seq(), e.meta().uid(), uidOnly).open();
        if ((byUid || condstore) && !uidOnly) r.atom("UID").number(e.meta().uid()); // RFC 9586 §3.3: UIDFETCH has it
        r.atom("FLAGS").atoms(Flags.withRecent(e.meta().flags(), e.recent()));
        if (condstore) r.atom("MODSEQ").open().number(e.meta().modSeq()).close();
        return r.close();
    }

    private static Response fetchModSeq(MailboxView.Entry e, boolean uidOnly) {
        Response r = FetchStart.of(e.seq(), e.meta().uid(), uidOnly).open();
        if (!uidOnly) r.atom("UID").number(e.meta().uid());
        return r.atom("MODSEQ").open().number(e.meta().modSeq()).close().close();
    }

    private static FlagUpdate.Mode mode(Store cmd) {
        return switch (cmd.mode()) {
            case REPLACE -> FlagUpdate.Mode.REPLACE;
            case ADD -> FlagUpdate.Mode.ADD;
            case REMOVE -> FlagUpdate.Mode.REMOVE;
        };
    }
}
