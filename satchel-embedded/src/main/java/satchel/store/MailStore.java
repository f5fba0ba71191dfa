package satchel.store;

import java.util.List;
import java.util.Optional;

/**
 * The whole mail store: accounts, and per-user mail through {@link #mail}. Implementations are thread-safe;
 * every method may be called from any session's virtual thread. An operation that returned normally is
 * durable (it survives kill -9 of the process).
 */
public interface MailStore extends AutoCloseable {
    Optional<User> user(String name) throws StoreException;

    /** Creates the user with INBOX and the RFC 6154 special-use mailboxes (Drafts, Sent, Trash, Junk, Archive), all subscribed. */
    User createUser(String name, String passwordHash, String scram) throws StoreException;

    void updatePassword(String name, String passwordHash, String scram) throws StoreException;

    void deleteUser(String name) throws StoreException;

    List<User> users() throws StoreException;

    /** All mailbox operations of one user; a user never reaches another user's mailboxes through it. */
    UserMail mail(User user);

    /**
     * Rings {@code doorbell} (on a store thread, quickly, never blocking) after any committed change to the
     * mailbox; the listener then asks {@link UserMail#changesSince}. Close the watch to stop.
     */
    AutoCloseable watch(MailboxId mailbox, Runnable doorbell);

    /**
     * Whether every committed change to a mailbox rings its doorbell before the call that committed it returns,
     * because this process alone writes the store. Then a watcher whose bell has not rung since it last asked
     * {@link UserMail#changesSince} knows the answer is empty without asking (a command in a selected mailbox
     * asks after every command). False where changes also come from elsewhere (another node, another process).
     */
    default boolean ringsBeforeReturning() {
        return false;
    }

    /**
     * Keeps messages expunged from {@code mailbox} after {@code modSeq} readable for the caller until the hold
     * advances past their expunge or closes (see {@link Hold}); a store may still drop them after a grace period
     * (a reader that never catches up must not keep disk space forever), and drops them all at start-up, when no
     * reader can remember them. Open the hold before reading what the reader will list, so nothing slips between.
     */
    Hold hold(MailboxId mailbox, long modSeq);

    /** Where one delivered copy goes: a user's mailbox. */
    record Target(User user, MailboxId mailbox) {}

    /**
     * Appends the same message to several users' mailboxes (one LMTP DATA for several recipients); results in
     * {@code targets} order. A store that can overrides this to keep the bytes once for all of them, in one
     * transaction: all copies or none. This default appends per target, so an error may leave earlier copies
     * stored; a target's mailbox must be selectable and belong to its user.
     */
    default List<AppendResult> deliver(List<Target> targets, NewMessage message) throws StoreException {
        List<AppendResult> out = new java.util.ArrayList<>(targets.size());
        for (Target t : targets) out.add(mail(t.user()).append(t.mailbox(), List.of(message)).getFirst());
        return out;
    }

    /**
     * The user's quota (RFC 9208): limits (the user's own, else the configured defaults) and usage, read from
     * counters that every write keeps in its own transaction, so this is cheap.
     */
    Quota quota(User user) throws StoreException;

    /** Replaces the user's own limits ({@link QuotaOverride#NONE}: back to the defaults); usage is unchanged. */
    void setQuota(User user, QuotaOverride own) throws StoreException;

    /** Appends that keep another server's UIDs and UIDVALIDITY ({@code satchel import}); stores may refuse. */
    default Importer importer(User user) throws StoreException {
        throw new StoreException(StoreException.Kind.CANNOT, "This store cannot import with UIDs kept");
    }

    @Override void close();
}
