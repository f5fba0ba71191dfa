package satchel.transfer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import satchel.store.Change;
import satchel.store.Importer;
import satchel.store.MailStore;
import satchel.store.MailboxId;
import satchel.store.MailboxInfo;
import satchel.store.MailboxSnapshot;
import satchel.store.MessageMeta;
import satchel.store.NewMessage;
import satchel.store.StoreException;
import satchel.store.StoreMaintenance.Progress;
import satchel.store.User;
import satchel.store.UserMail;

/**
 * Copies every account from one store to another ({@code satchel store copy}: SQLite to PostgreSQL and back) as it
 * is: users with their password hashes and SCRAM keys, mailboxes with UIDVALIDITY, special-use attributes and
 * subscriptions, messages with their UIDs, flags, keywords and internal dates, and modseqs (per message, per
 * tombstone and HIGHESTMODSEQ), so clients that synced against the source resume on the target without noticing.
 * Messages go through the target's {@link Importer} in atomic batches: a crash leaves whole batches, and a rerun
 * copies only the UIDs the target does not have yet. Meant for a target no client uses meanwhile.
 */
public final class StoreCopy {
    private static final int BATCH_MESSAGES = 256;
    private static final long BATCH_BYTES = 8L << 20;

    /** What happened, for the summary line. */
    public record Summary(int users, int usersCreated, int mailboxes, long messages, long bytes, long alreadyThere) {}

    private final MailStore from;
    private final MailStore to;
    private final Progress progress;
    private final MailImport.Reporter reporter;
    private int users, usersCreated, mailboxes;
    private long done, total, messages, bytes, already;

    public StoreCopy(MailStore from, MailStore to, Progress progress, MailImport.Reporter reporter) {
        this.from = from;
        this.to = to;
        this.progress = progress;
        this.reporter = reporter;
    }

    public Summary run() throws StoreException {
        List<User> sources = from.users();
        for (User u : sources) {
            UserMail m = from.mail(u);
            for (MailboxInfo box : m.list()) if (box.selectable()) total += m.status(box.id()).messages();
        }
        progress.update("copy", 0, total);
        for (User u : sources) copyUser(u);
        return new Summary(users, usersCreated, mailboxes, messages, bytes, already);
    }

    private void copyUser(User source) throws StoreException {
        Optional<User> existing = to.user(source.name());
        User target = existing.isPresent() ? existing.get()
                : to.createUser(source.name(), source.passwordHash(), source.scram());
        users++;
        UserMail src = from.mail(source);
        UserMail dst = to.mail(target);
        Importer importer = to.importer(target);
        List<MailboxInfo> boxes = src.list();
        for (MailboxInfo box : boxes) {
            if (!box.selectable()) continue; // placeholders come back as parents of what they hold
            copyMailbox(src, dst, importer, box);
            mailboxes++;
        }
        if (existing.isEmpty()) {
            usersCreated++;
            matchNewAccount(dst, boxes, src.subscriptions());
        } else {
            for (String name : src.subscriptions()) dst.subscribe(name, true);
        }
    }

    /**
     * A user this copy created got the default mailboxes and subscriptions of a new account: drop the ones the source
     * no longer has (still empty here), and subscribe exactly as the source.
     */
    private static void matchNewAccount(UserMail dst, List<MailboxInfo> sourceBoxes, List<String> subscribed)
            throws StoreException {
        Set<String> names = new HashSet<>();
        for (MailboxInfo b : sourceBoxes) names.add(b.name());
        for (MailboxInfo b : dst.list()) {
            if (!names.contains(b.name()) && b.selectable() && dst.status(b.id()).messages() == 0
                    && !b.name().equals("INBOX")) {
                dst.delete(b.name());
            }
        }
        Set<String> want = new HashSet<>(subscribed);
        for (String name : dst.subscriptions()) if (!want.contains(name)) dst.subscribe(name, false);
        for (String name : want) dst.subscribe(name, true);
    }

    private void copyMailbox(UserMail src, UserMail dst, Importer importer, MailboxInfo box) throws StoreException {
        MailboxSnapshot snap = src.snapshot(box.id());
        if (dst.find(box.name()).isEmpty() && !box.specialUse().isEmpty()) dst.create(box.name(), box.specialUse());
        MailboxInfo target = importer.mailbox(box.name(), box.uidValidity());
        if (target.uidValidity() != box.uidValidity()) {
            throw new StoreException(StoreException.Kind.CANNOT, "mailbox " + box.name() + " of the target has"
                    + " UIDVALIDITY " + target.uidValidity() + ", not the source's " + box.uidValidity()
                    + ": it held other mail; nothing copied into it");
        }
        long nextUid = dst.status(target.id()).uidNext();
        List<Importer.Imported> batch = new ArrayList<>();
        long batchBytes = 0;
        for (MessageMeta m : snap.messages()) {
            if (m.uid() < nextUid) { // copied by an earlier run
                already++;
                tick();
                continue;
            }
            byte[] content;
            try {
                content = src.content(box.id(), m.uid());
            } catch (StoreException e) {
                if (e.kind() != StoreException.Kind.NONEXISTENT) throw e;
                reporter.report(box.name() + " UID " + m.uid() + " was expunged during the copy; left out");
                continue;
            }
            batch.add(new Importer.Imported(new NewMessage(content, m.flags(), m.internalDate()), m.uid()));
            batchBytes += content.length;
            if (batch.size() >= BATCH_MESSAGES || batchBytes >= BATCH_BYTES) {
                flush(importer, target.id(), batch, batchBytes);
                batch.clear();
                batchBytes = 0;
            }
        }
        flush(importer, target.id(), batch, batchBytes);
        importer.finish(target.id(), snap.uidNext());
        keepModSeqs(src, importer, box, target.id(), snap);
        if (box.subscribed()) dst.subscribe(box.name(), true);
    }

    /** The source's modseqs: each message's, each tombstone's, and HIGHESTMODSEQ. */
    private static void keepModSeqs(UserMail src, Importer importer, MailboxInfo box, MailboxId target,
                                    MailboxSnapshot snap) throws StoreException {
        Map<Long, Long> messages = new HashMap<>();
        for (MessageMeta m : snap.messages()) messages.put(m.uid(), m.modSeq());
        Map<Long, Long> expunged = new HashMap<>();
        for (Change c : src.changesSince(box.id(), 0)) {
            if (c instanceof Change.Expunged(long uid, long modSeq) && modSeq <= snap.highestModSeq()) {
                expunged.put(uid, modSeq);
            }
        }
        importer.keepModSeqs(target, messages, expunged, snap.highestModSeq());
    }

    private void flush(Importer importer, MailboxId box, List<Importer.Imported> batch, long batchBytes)
            throws StoreException {
        if (batch.isEmpty()) return;
        importer.append(box, batch);
        messages += batch.size();
        bytes += batchBytes;
        for (int i = 0; i < batch.size(); i++) tick();
    }

    private void tick() {
        done++;
        if (done % 64 == 0 || done == total) progress.update("copy", done, total);
    }
}
