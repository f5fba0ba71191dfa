package satchel.protocol;

import static satchel.protocol.CommandParser.end;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import satchel.wire.ImapReader;
import satchel.wire.ProtocolException;

/**
 * FETCH set (macro / fetch-att / "(" fetch-att *(SP fetch-att) ")") [SP "(" fetch-modifier ... ")"]
 * (RFC 3501 §6.4.5, RFC 3516 BINARY, RFC 7162 CHANGEDSINCE / VANISHED). Items keep the client's order;
 * UID FETCH does not add UID here, the session does when answering.
 */
final class FetchParser {
    private static final List<FetchItem> FAST =
            List.of(new FetchItem.Flags(), new FetchItem.InternalDate(), new FetchItem.Rfc822Size());
    private static final List<FetchItem> ALL = plus(FAST, new FetchItem.Envelope());
    private static final List<FetchItem> FULL = plus(ALL, new FetchItem.BodyStructure(false));

    private FetchParser() {}

    private static List<FetchItem> plus(List<FetchItem> a, FetchItem b) {
        List<FetchItem> l = new ArrayList<>(a);
        l.add(b);
        return List.copyOf(l);
    }

    static Command.Fetch fetch(ImapReader r, String tag, boolean byUid) throws IOException, ProtocolException {
        r.sp();
        SequenceSet set = Args.sequenceSet(r);
        r.sp();
        List<FetchItem> items = items(r);
        long changedSince = 0;
        boolean vanished = false;
        java.util.Optional<PartialRange> partial = java.util.Optional.empty();
        if (r.accept(' ')) {
            r.expect('(', "fetch modifiers");
            r.enter();
            do {
                String mod = Args.upper(r.atom());
                switch (mod) {
                    case "CHANGEDSINCE" -> {
                        r.sp();
                        changedSince = r.number64();
                        if (changedSince == 0) throw r.bad("CHANGEDSINCE must be positive");
                    }
                    case "VANISHED" -> vanished = true;
                    // FETCH n PREVIEW (LAZY): the single-item form, whose modifiers look like fetch modifiers.
                    case "LAZY" -> {
                        if (!items.equals(List.of(new FetchItem.Preview(false)))) throw r.bad("LAZY is a PREVIEW modifier");
                        items = List.of(new FetchItem.Preview(true));
                    }
                    case "PARTIAL" -> {
                        // RFC 9394 §3.3: a modifier of UID FETCH, with the SEARCH return option's syntax.
                        if (!byUid) throw r.bad("PARTIAL needs UID FETCH (RFC 9394 §3.3)");
                        if (partial.isPresent()) throw r.bad("PARTIAL given twice");
                        r.sp();
                        partial = java.util.Optional.of(PartialRange.parse(r));
                    }
                    default -> throw r.bad("Unknown FETCH modifier " + mod);
                }
            } while (r.accept(' '));
            r.expect(')', "fetch modifiers");
            r.leave();
        }
        // RFC 7162 §3.2.6: VANISHED only in UID FETCH and only with CHANGEDSINCE.
        if (vanished && (!byUid || changedSince == 0)) throw r.bad("VANISHED needs UID FETCH with CHANGEDSINCE");
        return end(r, new Command.Fetch(tag, byUid, set, items,
                changedSince == 0 ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(changedSince), vanished,
                partial));
    }

    static List<FetchItem> items(ImapReader r) throws IOException, ProtocolException {
        if (r.peek() != '(') {
            String name = name(r);
            return switch (name) {
                case "ALL" -> ALL;
                case "FAST" -> FAST;
                case "FULL" -> FULL;
                default -> List.of(FetchAttParser.item(r, name));
            };
        }
        r.next();
        r.enter();
        List<FetchItem> items = new ArrayList<>();
        boolean previewJustRead = false;
        do {
            // PREVIEW [SP "(" preview-mod ...")"] (RFC 8970 §6): the modifiers follow the space after the name.
            if (previewJustRead && r.peek() == '(') {
                items.set(items.size() - 1, FetchAttParser.previewModifiers(r));
                previewJustRead = false;
                continue;
            }
            FetchItem item = FetchAttParser.item(r, name(r));
            items.add(item);
            previewJustRead = item instanceof FetchItem.Preview;
        } while (r.accept(' '));
        r.expect(')', "fetch items");
        r.leave();
        return List.copyOf(items);
    }

    /** A fetch-att name up to '[' or a delimiter: letters, digits and dots (RFC822.SIZE, BODY.PEEK). */
    private static String name(ImapReader r) throws IOException, ProtocolException {
        String n = r.readWhile(c -> Args.isLetter(c) || Args.isDigit(c) || c == '.');
        if (n.isEmpty()) throw r.expected("fetch item");
        return Args.upper(n);
    }
}
