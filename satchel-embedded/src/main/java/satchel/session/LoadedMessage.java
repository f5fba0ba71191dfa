package satchel.session;

import java.time.Instant;
import java.util.Set;
import satchel.mime.MessageStructure;
import satchel.store.MailboxId;
import satchel.store.StoreException;
import satchel.store.UserMail;

/**
 * {@link MessageData} over a view entry: metadata from the session's cache, structure from a bulk load,
 * bytes read on first use only. Given a {@link MessageMemory}, a large body is read only under it, and
 * {@link #close} gives it back; without one the caller accounts for the body (FETCH leases before rendering).
 */
final class LoadedMessage implements MessageData, AutoCloseable {
    /** The message vanished (expunged by another session) before its data could be read. */
    static final class Gone extends RuntimeException {
        Gone(StoreException cause) { super(cause.getMessage(), cause, false, false); }

        /**
         * Why the read failed: an expunge (the message is gone for good), or another store failure, such as the
         * database being unreachable, which must not be reported to the client as an expunge.
         */
        StoreException reason() { return (StoreException) getCause(); }

        boolean expunged() {
            return reason().kind() == StoreException.Kind.NONEXISTENT || reason().kind() == StoreException.Kind.EXPUNGED;
        }
    }

    private final MailboxView.Entry entry;
    private final UserMail mail;
    private final MailboxId mailbox;
    private final MessageMemory memory;
    private MessageMemory.Lease lease;
    private MessageStructure structure;
    private byte[] content;
    private satchel.store.MessageObjects objects;
    private satchel.mime.FoldedSearch searchHeaders;
    private byte[] renderedFlags;

    LoadedMessage(MailboxView.Entry entry, UserMail mail, MailboxId mailbox, MessageStructure structure) {
        this(entry, mail, mailbox, structure, null);
    }

    LoadedMessage(MailboxView.Entry entry, UserMail mail, MailboxId mailbox, MessageStructure structure,
                  MessageMemory memory) {
        this.entry = entry;
        this.mail = mail;
        this.mailbox = mailbox;
        this.structure = structure;
        this.memory = memory;
    }

    @Override public long seq() { return entry.seq(); }
    @Override public long uid() { return entry.meta().uid(); }
    @Override public long modSeq() { return entry.meta().modSeq(); }
    @Override public Set<String> flags() { return entry.meta().flags(); }
    @Override public boolean recent() { return entry.recent(); }
    @Override public long size() { return entry.meta().size(); }
    @Override public Instant internalDate() { return entry.meta().internalDate(); }

    /** Uses {@code FLAGS (...)} rendered by the caller for this message's flags and \\Recent. */
    LoadedMessage withRenderedFlags(byte[] rendered) {
        this.renderedFlags = rendered;
        return this;
    }

    @Override public byte[] renderedFlags() { return renderedFlags; }

    @Override public MessageStructure structure() {
        if (structure == null) {
            try {
                structure = mail.structures(mailbox, java.util.List.of(uid())).get(uid());
            } catch (StoreException e) {
                throw new Gone(e);
            }
            if (structure == null) throw new Gone(new StoreException(StoreException.Kind.NONEXISTENT, "Message expunged"));
        }
        return structure;
    }

    @Override public byte[] content() {
        if (content == null) {
            try {
                if (memory != null && lease == null) lease = memory.acquire(size());
                content = mail.content(mailbox, uid());
            } catch (StoreException e) {
                throw new Gone(e);
            } catch (java.io.InterruptedIOException e) {
                throw new Gone(new StoreException(StoreException.Kind.UNAVAILABLE, e.getMessage()));
            }
        }
        return content;
    }

    /** The {@link satchel.mime.SearchHeaders} row loaded in bulk for a batch, or null (then the structure answers). */
    LoadedMessage withSearchHeaders(satchel.mime.FoldedSearch headers) {
        searchHeaders = headers;
        return this;
    }

    @Override public satchel.mime.FoldedSearch searchHeaders() { return searchHeaders; }

    /** Objects loaded in bulk for a batch ({@link ObjectData}); null leaves {@link #objects} to load its own. */
    LoadedMessage withObjects(satchel.store.MessageObjects o) {
        objects = o;
        return this;
    }

    @Override public satchel.store.MessageObjects objects() {
        if (objects == null) {
            try {
                objects = mail.objects(mailbox, java.util.List.of(uid()), true).get(uid());
            } catch (StoreException e) {
                throw new Gone(e);
            }
            if (objects == null) throw new Gone(new StoreException(StoreException.Kind.NONEXISTENT, "Message expunged"));
        }
        return objects;
    }

    /** Gives back the memory lease of the body, if one was taken; the body must not be used after. */
    @Override public void close() {
        if (lease != null) lease.close();
        content = null;
    }
}
