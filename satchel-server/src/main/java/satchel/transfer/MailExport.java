package satchel.transfer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import satchel.store.MailboxInfo;
import satchel.store.MailboxSnapshot;
import satchel.store.MessageMeta;
import satchel.store.StoreException;
import satchel.store.StoreMaintenance.Progress;
import satchel.store.UserMail;
import satchel.wire.ModifiedUtf7;

/**
 * Writes one user's mailboxes to a directory, as a Maildir++ tree (INBOX at the top, {@code .Folder.Sub} below,
 * names in modified UTF-7, as Dovecot, mutt and mbsync read them, with {@code dovecot-uidlist} and
 * {@code dovecot-keywords} so a re-import keeps UIDs and keywords) or as mboxrd files ({@code Folder/Sub.mbox}).
 * Files are written with LF line ends, as those programs write them. The directory must be new or empty, so an
 * export never mixes with an older one.
 */
public final class MailExport {
    public enum Format { MAILDIR, MBOX }

    public record Summary(int folders, long messages, long bytes, int skippedFolders) {}

    /** One folder's messages to a file tree; called with messages in UID order. */
    interface FolderWriter extends AutoCloseable {
        void write(MessageMeta meta, byte[] content) throws IOException;

        @Override void close() throws IOException;
    }

    private final UserMail mail;
    private final Progress progress;
    private final MailImport.Reporter reporter;

    public MailExport(UserMail mail, Progress progress, MailImport.Reporter reporter) {
        this.mail = mail;
        this.progress = progress;
        this.reporter = reporter;
    }

    /** {@code only}: one mailbox's name, or null for all of them. */
    public Summary run(Path dir, Format format, String only) throws IOException, StoreException {
        prepare(dir);
        List<MailboxInfo> boxes = new ArrayList<>();
        for (MailboxInfo b : mail.list()) {
            if (b.selectable() && (only == null || b.name().equals(mail.find(only).map(MailboxInfo::name).orElse(null)))) {
                boxes.add(b);
            }
        }
        if (only != null && boxes.isEmpty()) throw new IOException("no mailbox " + only);
        long total = 0;
        List<MailboxSnapshot> snaps = new ArrayList<>();
        for (MailboxInfo b : boxes) {
            MailboxSnapshot s = mail.snapshot(b.id());
            snaps.add(s);
            total += s.messages().size();
        }
        int folders = 0, skipped = 0;
        long done = 0, messages = 0, bytes = 0;
        for (MailboxSnapshot s : snaps) {
            String name = s.info().name();
            List<String> parts = new ArrayList<>();
            for (String p : name.split("/")) parts.add(ModifiedUtf7.encode(p));
            String why = unfit(parts, format);
            if (why != null) {
                reporter.report(name + ": not exported, " + why);
                skipped++;
                done += s.messages().size();
                continue;
            }
            try (FolderWriter w = format == Format.MAILDIR
                    ? new MaildirWriter(dir, parts, s.info().uidValidity(), s.uidNext())
                    : new MboxWriter(dir, parts)) {
                for (MessageMeta m : s.messages()) {
                    byte[] content;
                    try {
                        content = mail.content(s.info().id(), m.uid());
                    } catch (StoreException e) {
                        if (e.kind() != StoreException.Kind.NONEXISTENT) throw e;
                        continue; // expunged since the snapshot
                    }
                    w.write(m, content);
                    messages++;
                    bytes += content.length;
                    if (++done % 64 == 0) progress.update("export", done, total);
                }
            }
            folders++;
        }
        progress.update("export", total, total);
        return new Summary(folders, messages, bytes, skipped);
    }

    /** Why a name cannot be a folder in this format, or null. */
    private static String unfit(List<String> parts, Format format) {
        for (String p : parts) {
            if (format == Format.MAILDIR && p.contains(".")) return "Maildir++ cannot hold \".\" in a name";
            if (format == Format.MBOX && p.startsWith(".")) return "an mbox file name cannot start with \".\"";
        }
        return null;
    }

    private static void prepare(Path dir) throws IOException {
        if (Files.exists(dir)) {
            if (!Files.isDirectory(dir)) throw new IOException(dir + " is not a directory");
            try (Stream<Path> s = Files.list(dir)) {
                if (s.findAny().isPresent()) throw new IOException(dir + " is not empty");
            }
        }
        Files.createDirectories(dir);
    }
}
