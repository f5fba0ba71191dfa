package satchel.store;

/**
 * The doorbell of a whole account, beside those of its mailboxes: rung after a commit that creates, deletes or
 * renames a mailbox, changes a subscription or an annotation. NOTIFY (RFC 5465) sessions watch it through
 * {@link MailStore#watch} like any mailbox, so it reaches other nodes the way mailbox doorbells do. Its key is
 * the negated user id, which no mailbox id (always positive) can take.
 */
public final class AccountBell {
    private AccountBell() {}

    public static MailboxId of(UserId user) {
        return of(user.value());
    }

    public static MailboxId of(long userId) {
        return new MailboxId(-userId);
    }
}
