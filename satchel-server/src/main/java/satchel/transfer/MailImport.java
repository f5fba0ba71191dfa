package satchel.transfer;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
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
 * Imports folders ({@link MailTree}) into one user's mailboxes. Messages go in atomic batches, so a crash leaves
 * whole messages only, and a rerun picks up where it stopped: where the source's UIDVALIDITY could be kept, a
 * message whose UID is already in the mailbox (or was expunged from it) is skipped; otherwise a message whose
 * bytes (SHA-256) are already in the mailbox as often as they occur so far is skipped. Messages with a UID keep
 * it; after them UIDNEXT is raised to the source's next UID, and messages without one get UIDs from there on, as
 * Dovecot would have given them.
 */
public final class MailImport {
    private static final int BATCH_MESSAGES = 256;
    private static final long BATCH_BYTES = 8L << 20;

    /** What happened, for the summary line. */
    public record Summary(int folders, long messages, long bytes, long alreadyThere, long broken, int uidsKept) {}

    /** Where problems and notes go (one line each). */
    public interface Reporter {
        void report(String line);
    }

    private final UserMail mail;
    private final Progress progress;
    private final Reporter reporter;
    private final Importer importer;
    private long done, total, messages, bytes, already, broken;
    private int uidsKept;

    public MailImport(MailStore store, User user, Progress progress, Reporter reporter) {
        this.mail = store.mail(user);
        this.progress = progress;
        this.reporter = reporter;
        Importer i;
        try {
            i = store.importer(user);
        } catch (StoreException refused) {
            i = null; // this store cannot keep UIDs: every message gets a new one
        }
        this.importer = i;
    }

    public Summary run(List<SourceFolder> folders) throws IOException, StoreException {
        for (SourceFolder f : folders) total += f.count();
        int imported = 0;
        for (SourceFolder f : folders) {
            MailboxInfo box;
            try {
                box = target(f);
            } catch (StoreException e) {
                reporter.report(f.name() + ": skipped, " + e.getMessage());
                broken += f.count();
                done += f.count();
                continue;
            }
            new Folder(f, box).run();
            imported++;
        }
        progress.update("import", done, total);
        return new Summary(imported, messages, bytes, already, broken, uidsKept);
    }

    private MailboxInfo target(SourceFolder f) throws StoreException {
        if (importer != null && f.uidValidity() > 0) return importer.mailbox(f.name(), f.uidValidity());
        var found = mail.find(f.name());
        if (found.isPresent() && found.get().selectable()) return found.get();
        return mail.create(f.name(), Set.of());
    }

    /** One folder's import: the mailbox's state read once, then batches. */
    private final class Folder {
        private final SourceFolder source;
        private final MailboxId id;
        private final boolean keepUids;
        private final Set<Long> known = new HashSet<>();
        private final List<MessageMeta> present;
        private long uidNext;
        private boolean raised;
        private Map<String, Integer> hashes;
        private final List<Importer.Imported> withUids = new ArrayList<>();
        private final List<NewMessage> withoutUids = new ArrayList<>();
        private final List<SourceFolder.Item> deferred = new ArrayList<>();
        private long batchBytes;

        Folder(SourceFolder source, MailboxInfo box) throws StoreException {
            this.source = source;
            this.id = box.id();
            this.keepUids = importer != null && source.uidValidity() > 0 && box.uidValidity() == source.uidValidity();
            if (source.uidValidity() > 0 && !keepUids) {
                reporter.report(source.name() + ": UIDVALIDITY " + source.uidValidity() + " not kept (the mailbox "
                        + "already holds mail, or another mailbox has that value); its messages get new UIDs");
            }
            MailboxSnapshot snap = mail.snapshot(id);
            this.present = snap.messages();
            this.uidNext = snap.uidNext();
            if (keepUids) {
                uidsKept++;
                for (MessageMeta m : present) known.add(m.uid());
                for (Change c : mail.changesSince(id, 0)) if (c instanceof Change.Expunged e) known.add(e.uid());
            }
        }

        void run() throws StoreException {
            try {
                source.read(this::accept);
            } catch (UncheckedStore e) {
                throw e.getCause();
            } catch (IOException e) {
                // What was read is whole messages: keep it. UIDNEXT stays, so a rerun can still give the rest theirs.
                flush();
                reporter.report(source.name() + ": stopped, " + e.getMessage());
                broken++;
                return;
            }
            for (SourceFolder.Item item : deferred) withoutUid(item);
            flush();
            raise();
        }

        private void accept(SourceFolder.Item item) {
            done++;
            if (done % 64 == 0) progress.update("import", done, total);
            try {
                if (item.content() == null) {
                    reporter.report(source.name() + ": skipped " + item.where() + ": " + item.problem());
                    broken++;
                } else if (keepUids && item.uid() > 0) {
                    withUid(item);
                } else {
                    withoutUid(item);
                }
            } catch (StoreException e) {
                throw new UncheckedStore(e);
            }
        }

        private void withUid(SourceFolder.Item item) throws StoreException {
            if (known.contains(item.uid())) {
                already++;
            } else if (item.uid() >= uidNext) {
                if (!withoutUids.isEmpty()) flush();
                withUids.add(new Importer.Imported(message(item), item.uid()));
                uidNext = item.uid() + 1;
                counted(item);
            } else {
                // Below UIDNEXT yet never here: mail was appended since an interrupted import. It cannot have its
                // UID any more; it goes in after the others, with a new one.
                deferred.add(item);
            }
        }

        private void withoutUid(SourceFolder.Item item) throws StoreException {
            if (keepUids && !raised) {
                flush();
                raise();
            }
            if (hashes == null) hashes = existingHashes();
            String h = sha256(item.content());
            Integer n = hashes.get(h);
            if (n != null && n > 0) {
                hashes.put(h, n - 1);
                already++;
                return;
            }
            if (!withUids.isEmpty()) flush();
            withoutUids.add(message(item));
            counted(item);
        }

        private void counted(SourceFolder.Item item) throws StoreException {
            batchBytes += item.content().length;
            if (withUids.size() + withoutUids.size() >= BATCH_MESSAGES || batchBytes >= BATCH_BYTES) flush();
        }

        private NewMessage message(SourceFolder.Item item) {
            return new NewMessage(item.content(), item.flags(), item.date());
        }

        private void flush() throws StoreException {
            if (!withUids.isEmpty()) {
                importer.append(id, List.copyOf(withUids));
                note(withUids.size());
                withUids.clear();
            }
            if (!withoutUids.isEmpty()) {
                mail.append(id, List.copyOf(withoutUids));
                note(withoutUids.size());
                withoutUids.clear();
            }
            batchBytes = 0;
        }

        private void note(int n) {
            messages += n;
            bytes += batchBytes;
        }

        private void raise() throws StoreException {
            if (!keepUids || raised) return;
            raised = true;
            importer.finish(id, source.nextUid());
        }

        /** Bytes of the messages the mailbox held before this run, by hash, with how often each occurs. */
        private Map<String, Integer> existingHashes() throws StoreException {
            Map<String, Integer> out = new HashMap<>();
            for (MessageMeta m : present) {
                try {
                    out.merge(sha256(mail.content(id, m.uid())), 1, Integer::sum);
                } catch (StoreException gone) {
                    if (gone.kind() != StoreException.Kind.NONEXISTENT) throw gone; // expunged meanwhile
                }
            }
            return out;
        }
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JDK has SHA-256
        }
    }

    /** Carries a store failure out of {@link SourceFolder.Sink}, which only throws IOException. */
    private static final class UncheckedStore extends RuntimeException {
        UncheckedStore(StoreException e) {
            super(e);
        }

        @Override public synchronized StoreException getCause() {
            return (StoreException) super.getCause();
        }
    }
}
