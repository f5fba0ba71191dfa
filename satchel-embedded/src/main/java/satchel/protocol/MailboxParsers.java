package satchel.protocol;

import static satchel.protocol.CommandParser.end;

import java.io.IOException;
import java.util.EnumSet;
import java.util.Set;
import satchel.wire.ImapReader;
import satchel.wire.ProtocolException;

/** SELECT/EXAMINE, CREATE, DELETE, RENAME, (UN)SUBSCRIBE, STATUS. */
final class MailboxParsers {
    private MailboxParsers() {}

    /** SELECT/EXAMINE SP mailbox [SP "(" select-param *(SP select-param) ")"] (RFC 4466, RFC 7162 §3.2.5). */
    static Command.Select select(ImapReader r, String tag, boolean readOnly) throws IOException, ProtocolException {
        r.sp();
        MailboxName mailbox = Args.mailbox(r);
        boolean condstore = false;
        Command.QresyncParams qresync = null;
        if (r.accept(' ')) {
            r.expect('(', "select parameters");
            r.enter();
            do {
                String param = Args.upper(r.atom());
                switch (param) {
                    case "CONDSTORE" -> condstore = true;
                    case "QRESYNC" -> {
                        if (qresync != null) throw r.bad("QRESYNC given twice");
                        r.sp();
                        qresync = qresync(r);
                    }
                    default -> throw r.bad("Unknown select parameter " + param);
                }
            } while (r.accept(' '));
            r.expect(')', "select parameters");
            r.leave();
        }
        return end(r, new Command.Select(tag, mailbox, readOnly, condstore, java.util.Optional.ofNullable(qresync)));
    }

    /** "(" uidvalidity SP mod-sequence-value [SP known-uids] [SP seq-match-data] ")" */
    private static Command.QresyncParams qresync(ImapReader r) throws IOException, ProtocolException {
        r.expect('(', "QRESYNC parameters");
        r.enter();
        long uidValidity = r.nzNumber();
        r.sp();
        long modSeq = r.number64();
        java.util.Optional<SequenceSet> knownUids = java.util.Optional.empty();
        java.util.Optional<Command.SeqMatch> seqMatch = java.util.Optional.empty();
        if (r.accept(' ')) {
            if (r.peek() == '(') {
                seqMatch = java.util.Optional.of(seqMatchData(r));
            } else {
                knownUids = java.util.Optional.of(Args.sequenceSet(r));
                if (r.accept(' ')) seqMatch = java.util.Optional.of(seqMatchData(r));
            }
        }
        r.expect(')', "QRESYNC parameters");
        r.leave();
        return new Command.QresyncParams(uidValidity, modSeq, knownUids, seqMatch);
    }

    /** seq-match-data = "(" known-sequence-set SP known-uid-set ")" */
    private static Command.SeqMatch seqMatchData(ImapReader r) throws IOException, ProtocolException {
        r.expect('(', "sequence match data");
        r.enter();
        SequenceSet seqs = Args.sequenceSet(r);
        r.sp();
        SequenceSet uids = Args.sequenceSet(r);
        r.expect(')', "sequence match data");
        r.leave();
        return new Command.SeqMatch(seqs, uids);
    }

    /** CREATE SP mailbox [SP "(" "USE" SP "(" [use-attr *(SP use-attr)] ")" ")"] (RFC 6154 §3). */
    static Command.Create create(ImapReader r, String tag) throws IOException, ProtocolException {
        r.sp();
        MailboxName mailbox = Args.mailbox(r);
        Set<String> use = Set.of();
        if (r.accept(' ')) {
            r.expect('(', "create parameters");
            r.enter();
            String param = Args.upper(r.atom());
            if (!param.equals("USE")) throw r.bad("Unknown create parameter " + param);
            r.sp();
            use = Args.flagList(r);
            r.expect(')', "create parameters");
            r.leave();
        }
        return end(r, new Command.Create(tag, mailbox, use));
    }

    static Command.Delete delete(ImapReader r, String tag) throws IOException, ProtocolException {
        r.sp();
        return end(r, new Command.Delete(tag, Args.mailbox(r)));
    }

    static Command.Rename rename(ImapReader r, String tag) throws IOException, ProtocolException {
        r.sp();
        MailboxName from = Args.mailbox(r);
        r.sp();
        MailboxName to = Args.mailbox(r);
        return end(r, new Command.Rename(tag, from, to));
    }

    static Command.Subscribe subscribe(ImapReader r, String tag, boolean on) throws IOException, ProtocolException {
        r.sp();
        return end(r, new Command.Subscribe(tag, Args.mailbox(r), on));
    }

    /** STATUS SP mailbox SP "(" status-att *(SP status-att) ")" */
    static Command.Status status(ImapReader r, String tag) throws IOException, ProtocolException {
        r.sp();
        MailboxName mailbox = Args.mailbox(r);
        r.sp();
        return end(r, new Command.Status(tag, mailbox, statusItems(r)));
    }

    /** "(" status-att *(SP status-att) ")", also used by LIST RETURN (STATUS (...)) (RFC 5819). */
    static Set<Command.StatusItem> statusItems(ImapReader r) throws IOException, ProtocolException {
        r.expect('(', "status items");
        r.enter();
        Set<Command.StatusItem> items = EnumSet.noneOf(Command.StatusItem.class);
        do {
            String name = Args.upper(r.atom());
            Command.StatusItem item = null;
            for (Command.StatusItem i : Command.StatusItem.values()) if (i.atom().equals(name)) item = i;
            if (item == null) throw r.bad("Unknown status item " + name);
            items.add(item);
        } while (r.accept(' '));
        r.expect(')', "status items");
        r.leave();
        return items;
    }
}
