package satchel.session;

import java.io.IOException;
import satchel.protocol.Command.GetQuota;
import satchel.protocol.Command.GetQuotaRoot;
import satchel.protocol.Command.SetQuota;
import satchel.protocol.MailboxName;
import satchel.store.Limit;
import satchel.store.Quota;
import satchel.store.StoreException;
import satchel.wire.Response;

/**
 * RFC 9208 QUOTA: each user has one quota root, named "" (as in RFC 2087's examples and Cyrus's reply for a user's
 * own mailboxes), holding every mailbox of the user: mail moved between the user's mailboxes never changes usage,
 * and a name needs no encoding in any session (modified UTF-7 or UTF-8). A user with no limit at all has no quota
 * root, since a QUOTA response must list at least one limited resource (RFC 9208 §9 quota-list). Limits are set by
 * the administrator ({@code satchel quota set}), so SETQUOTA is refused and QUOTASET is not advertised.
 */
final class QuotaCommands {
    static final String ROOT = "";

    private final Env env;

    QuotaCommands(Env env) {
        this.env = env;
    }

    /** RFC 9208 §4.1.1. */
    void getQuota(UserContext user, GetQuota cmd) throws IOException, StoreException {
        Quota q = env.store().quota(user.user());
        if (!cmd.root().equals(ROOT) || !limited(q)) {
            env.out().no("NONEXISTENT", "No such quota root");
            return;
        }
        env.out().send(quota(q));
        env.out().ok("Getquota completed.");
    }

    /** RFC 9208 §4.1.2: the mailbox need not exist (the answer says which root a new one would be under). */
    void getQuotaRoot(UserContext user, GetQuotaRoot cmd) throws IOException, StoreException {
        if (!(cmd.mailbox() instanceof MailboxName.Valid(String name))) {
            env.out().no("NONEXISTENT", ((MailboxName.Invalid) cmd.mailbox()).message());
            return;
        }
        Quota q = env.store().quota(user.user());
        Response roots = Response.untagged().atom("QUOTAROOT").mailbox(name);
        if (limited(q)) roots.astring(ROOT);
        env.out().send(roots);
        if (limited(q)) env.out().send(quota(q));
        env.out().ok("Getquotaroot completed.");
    }

    /** RFC 9208 §4.1.3: not for users here (no QUOTASET); RFC 5530 NOPERM says why. */
    void setQuota(SetQuota cmd) {
        env.out().no("NOPERM", "Quota limits are set by the server's administrator");
    }

    private static boolean limited(Quota q) {
        return q.limits().storage() instanceof Limit.AtMost || q.limits().messages() instanceof Limit.AtMost;
    }

    /** "QUOTA" SP quota-root-name SP "(" resource-name SP usage SP limit ... ")": only resources with a limit. */
    private static Response quota(Quota q) {
        Response r = Response.untagged().atom("QUOTA").astring(ROOT).open();
        if (q.limits().storage() instanceof Limit.AtMost(long bytes)) {
            r.atom("STORAGE").number(Quota.kibibytes(q.storageBytes())).number(bytes / 1024); // §5.1: KiB
        }
        if (q.limits().messages() instanceof Limit.AtMost(long count)) {
            r.atom("MESSAGE").number(q.messages()).number(count);
        }
        return r.close();
    }
}
