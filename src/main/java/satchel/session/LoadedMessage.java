package satchel.session;

import java.time.Instant;
import java.util.Set;
import satchel.mime.MessageStructure;
import satchel.store.MailboxId;
import satchel.store.StoreException;
import satchel.store.UserMail;

/**
 * {@link MessageData} over a view entry: metadata from the session's cache, structure from a bulk load,
 * bytes read on first use only.
 */
final class LoadedMessage implements MessageData {
    /** The message vanished (expunged by another session) before its data could be read. */
    static final class Gone extends RuntimeException {
        Gone(StoreException cause) { super(cause.getMessage(), cause, false, false); }
    }

    private final MailboxView.Entry entry;
    private final UserMail mail;
    private final MailboxId mailbox;
    private MessageStructure structure;
    private byte[] content;

    LoadedMessage(MailboxView.Entry entry, UserMail mail, MailboxId mailbox, MessageStructure structure) {
        this.entry = entry;
        this.mail = mail;
        this.mailbox = mailbox;
        this.structure = structure;
    }

    @Override public long seq() { return entry.seq(); }
    @Override public long uid() { return entry.meta().uid(); }
    @Override public long modSeq() { return entry.meta().modSeq(); }
    @Override public Set<String> flags() { return entry.meta().flags(); }
    @Override public boolean recent() { return entry.recent(); }
    @Override public long size() { return entry.meta().size(); }
    @Override public Instant internalDate() { return entry.meta().internalDate(); }

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
                content = mail.content(mailbox, uid());
            } catch (StoreException e) {
                throw new Gone(e);
            }
        }
        return content;
    }
}
