package satchel.session;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import satchel.wire.Response;

/** The untagged data that SELECT and EXAMINE must return (RFC 3501 §6.3.1, RFC 9051 §6.3.2). */
final class SelectResponses {
    private SelectResponses() {}

    static void send(Replies out, satchel.wire.Settings settings, MailboxView view) throws IOException {
        flags(out, view.keywords(), view.readOnly());
        out.queue(Response.untagged().number(view.size()).atom("EXISTS"));
        out.queue(Response.untagged().number(view.recentCount()).atom("RECENT"));
        for (MailboxView.Entry e : view.entries()) {
            if (!e.meta().flags().contains("\\Seen")) {
                out.queue(Response.untagged().atom("OK").code("UNSEEN " + e.seq()).text("First unseen."));
                break;
            }
        }
        out.queue(Response.untagged().atom("OK").code("UIDVALIDITY " + view.info().uidValidity()).text("UIDs valid"));
        out.queue(Response.untagged().atom("OK").code("UIDNEXT " + view.uidNext()).text("Predicted next UID"));
        // RFC 7162 §3.1.2.1; like Dovecot, only to sessions that use CONDSTORE, so plain clients see RFC 3501 responses.
        if (settings.condstore()) out.queue(highestModSeq(view.highestModSeq()));
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
