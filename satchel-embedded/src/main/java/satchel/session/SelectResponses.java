package satchel.session;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import satchel.store.MailboxInfo;
import satchel.store.StoreException;
import satchel.store.UserMail;
import satchel.wire.Response;
import satchel.wire.Settings;

/** The untagged data that SELECT and EXAMINE must return (RFC 3501 §6.3.1, RFC 9051 §6.3.2). */
final class SelectResponses {
    private SelectResponses() {}

    static void send(Replies out, Settings settings, UserMail mail, MailboxView view) throws IOException, StoreException {
        flags(out, view.keywords(), view.readOnly());
        out.queue(Response.untagged().number(view.size()).atom("EXISTS"));
        if (settings.imap4rev2()) {
            // RFC 9051 §6.3.2: a LIST response instead of RECENT and the deprecated UNSEEN (Appendix E.10-12).
            out.queue(list(mail, view.info()));
        } else {
            out.queue(Response.untagged().number(view.recentCount()).atom("RECENT"));
            // RFC 9586: UNSEEN names a message by number, which a UIDONLY client cannot use.
            int unseen = settings.uidOnly() ? 0 : view.firstUnseen();
            if (unseen > 0) out.queue(Response.untagged().atom("OK").code("UNSEEN " + unseen).text("First unseen."));
        }
        out.queue(Response.untagged().atom("OK").code("UIDVALIDITY " + view.info().uidValidity()).text("UIDs valid"));
        out.queue(Response.untagged().atom("OK").code("UIDNEXT " + view.uidNext()).text("Predicted next UID"));
        // RFC 7162 §3.1.2.1; like Dovecot, only to sessions that use CONDSTORE, so plain clients see RFC 3501 responses.
        if (settings.condstore()) out.queue(highestModSeq(view.highestModSeq()));
    }

    /** RFC 8474 §4.2: {@code * OK [MAILBOXID (id)]}, the last untagged response of a successful SELECT or EXAMINE. */
    static void mailboxId(Replies out, UserMail mail, MailboxInfo info) throws IOException, StoreException {
        out.queue(Response.untagged().atom("OK").code("MAILBOXID (" + mail.objectIds().mailbox(info) + ")").text("Ok"));
    }

    /** {@code * LIST (attributes) "/" name} for the selected mailbox, attributes as LIST gives them. */
    private static Response list(UserMail mail, MailboxInfo info) throws StoreException {
        String prefix = info.name() + "/";
        boolean children = mail.list().stream().anyMatch(m -> m.name().startsWith(prefix));
        List<String> attrs = new ArrayList<>();
        attrs.add(children ? "\\HasChildren" : "\\HasNoChildren");
        attrs.addAll(new TreeSet<>(info.specialUse()));
        return Response.untagged().atom("LIST").atoms(attrs).string("/").mailbox(info.name());
    }

    /**
     * FLAGS and PERMANENTFLAGS for a mailbox with these keywords: at SELECT, and again whenever a keyword new to
     * the mailbox appears (RFC 3501 §7.2.6), so clients that build their label list from FLAGS see it.
     */
    static void flags(Replies out, Collection<String> keywords, boolean readOnly) throws IOException {
        List<String> flags = new ArrayList<>(Flags.SYSTEM);
        flags.addAll(new TreeSet<>(keywords));
        out.queue(Response.untagged().atom("FLAGS").atoms(flags));
        List<String> permanent = new ArrayList<>();
        if (!readOnly) {
            permanent.addAll(flags);
            permanent.add("\\*");
        }
        out.queue(Response.untagged().atom("OK").code("PERMANENTFLAGS " + paren(permanent)).text("Flags permitted."));
    }

    /** RFC 7162 §3.1.2.1, also sent by the first CONDSTORE enabling command with a mailbox selected (§3.1). */
    static Response highestModSeq(long modSeq) {
        return Response.untagged().atom("OK").code("HIGHESTMODSEQ " + modSeq).text("Highest");
    }

    private static String paren(List<String> items) {
        return "(" + String.join(" ", items) + ")";
    }
}
