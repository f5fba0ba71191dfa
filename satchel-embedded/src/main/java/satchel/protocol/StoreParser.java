package satchel.protocol;

import static satchel.protocol.CommandParser.end;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Set;
import satchel.wire.ImapReader;
import satchel.wire.ProtocolException;

/** STORE, COPY / MOVE and UID EXPUNGE: commands that act on a sequence set. */
final class StoreParser {
    private StoreParser() {}

    /**
     * STORE SP sequence-set [SP "(" UNCHANGEDSINCE SP mod-sequence-valzer ")"] SP
     * ["+" / "-"] "FLAGS" [".SILENT"] SP (flag-list / flag *(SP flag)) (RFC 3501 §6.4.6, RFC 7162 §3.1.3).
     */
    static Command.Store store(ImapReader r, String tag, boolean byUid) throws IOException, ProtocolException {
        r.sp();
        SequenceSet set = Args.sequenceSet(r);
        r.sp();
        java.util.OptionalLong unchangedSince = java.util.OptionalLong.empty();
        if (r.peek() == '(') {
            unchangedSince = java.util.OptionalLong.of(modifiers(r));
            r.sp();
        }
        String att = Args.upper(r.atom());
        StoreMode mode = switch (att.charAt(0)) {
            case '+' -> StoreMode.ADD;
            case '-' -> StoreMode.REMOVE;
            default -> StoreMode.REPLACE;
        };
        String base = mode == StoreMode.REPLACE ? att : att.substring(1);
        boolean silent = base.equals("FLAGS.SILENT");
        if (!silent && !base.equals("FLAGS")) throw r.bad("Invalid STORE item " + shorten(att));
        r.sp();
        Set<String> flags;
        if (r.peek() == '(') {
            flags = Args.flagList(r);
        } else {
            flags = new LinkedHashSet<>();
            do flags.add(Args.flag(r)); while (r.accept(' '));
        }
        return end(r, new Command.Store(tag, byUid, set, mode, silent, Set.copyOf(flags), unchangedSince));
    }

    private static long modifiers(ImapReader r) throws IOException, ProtocolException {
        r.next();
        r.enter();
        long unchangedSince = -1;
        do {
            String mod = Args.upper(r.atom());
            if (!mod.equals("UNCHANGEDSINCE")) throw r.bad("Unknown STORE modifier " + shorten(mod));
            r.sp();
            unchangedSince = r.number64();
        } while (r.accept(' '));
        r.expect(')', "store modifiers");
        r.leave();
        return unchangedSince;
    }

    /** COPY / MOVE SP sequence-set SP mailbox (RFC 3501 §6.4.7, RFC 6851). */
    static Command.Copy copy(ImapReader r, String tag, boolean byUid, boolean move)
            throws IOException, ProtocolException {
        r.sp();
        SequenceSet set = Args.sequenceSet(r);
        r.sp();
        return end(r, new Command.Copy(tag, byUid, set, Args.mailbox(r), move));
    }

    /** UID EXPUNGE SP sequence-set (RFC 4315 §2.1). */
    static Command.Expunge uidExpunge(ImapReader r, String tag) throws IOException, ProtocolException {
        r.sp();
        SequenceSet set = Args.sequenceSet(r);
        return end(r, new Command.Expunge(tag, java.util.Optional.of(set)));
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
