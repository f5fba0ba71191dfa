package satchel.protocol;

import static satchel.protocol.CommandParser.end;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import satchel.wire.ImapReader;
import satchel.wire.ProtocolException;

/** RFC 9208 §9: GETQUOTA, GETQUOTAROOT and SETQUOTA. */
final class QuotaParser {
    private QuotaParser() {}

    /** "GETQUOTA" SP quota-root-name, where quota-root-name = astring */
    static Command.GetQuota getQuota(ImapReader r, String tag) throws IOException, ProtocolException {
        r.sp();
        return end(r, new Command.GetQuota(tag, r.astring()));
    }

    /** "GETQUOTAROOT" SP mailbox */
    static Command.GetQuotaRoot getQuotaRoot(ImapReader r, String tag) throws IOException, ProtocolException {
        r.sp();
        return end(r, new Command.GetQuotaRoot(tag, Args.mailbox(r)));
    }

    /**
     * "SETQUOTA" SP quota-root-name SP setquota-list, setquota-list = "(" [setquota-resource *(SP setquota-resource)] ")",
     * setquota-resource = resource-name SP resource-limit (a number64). The line budget bounds the list.
     */
    static Command.SetQuota setQuota(ImapReader r, String tag) throws IOException, ProtocolException {
        r.sp();
        String root = r.astring();
        r.sp();
        r.expect('(', "quota resource list");
        r.enter();
        List<Command.QuotaResourceLimit> limits = new ArrayList<>();
        if (!r.accept(')')) {
            do {
                String resource = Args.upper(r.atom());
                r.sp();
                limits.add(new Command.QuotaResourceLimit(resource, r.number64()));
            } while (r.accept(' '));
            r.expect(')', "quota resource list");
        }
        r.leave();
        return end(r, new Command.SetQuota(tag, root, limits));
    }
}
