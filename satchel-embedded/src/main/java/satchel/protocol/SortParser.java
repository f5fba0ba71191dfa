package satchel.protocol;

import static satchel.protocol.CommandParser.end;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import satchel.wire.ImapReader;
import satchel.wire.ProtocolException;

/**
 * ["UID" SP] SORT [SP RETURN (opts)] SP sort-criteria SP charset 1*(SP search-key) (RFC 5256 §5, RFC 5267 §3
 * ESORT), and ["UID" SP] THREAD SP thread-alg SP charset 1*(SP search-key). The search keys are SEARCH's.
 */
final class SortParser {
    private SortParser() {}

    static Command.Sort sort(ImapReader r, String tag, boolean byUid) throws IOException, ProtocolException {
        r.sp();
        Command.SortReturn returns = new Command.SortReturn.Plain();
        if (Args.isLetter(r.peek())) {
            String word = Args.upper(r.atom());
            if (!word.equals("RETURN")) throw r.bad("SORT expects (sort criteria) or RETURN, not " + shorten(word));
            returns = returnOptions(r);
            r.sp();
        }
        List<SortCriterion> criteria = criteria(r);
        r.sp();
        String charset = r.astring();
        r.sp();
        SearchKey keys = SearchParser.keys(r, charset);
        return end(r, new Command.Sort(tag, byUid, criteria, returns, charset, keys));
    }

    static Command.Threads thread(ImapReader r, String tag, boolean byUid) throws IOException, ProtocolException {
        r.sp();
        String name = Args.upper(r.atom());
        Command.ThreadAlgorithm algorithm;
        try {
            algorithm = Command.ThreadAlgorithm.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw r.bad("Unknown THREAD algorithm " + shorten(name) + " (ORDEREDSUBJECT or REFERENCES)");
        }
        r.sp();
        String charset = r.astring();
        r.sp();
        SearchKey keys = SearchParser.keys(r, charset);
        return end(r, new Command.Threads(tag, byUid, algorithm, charset, keys));
    }

    /** "(" sort-criterion *(SP sort-criterion) ")", sort-criterion = ["REVERSE" SP] sort-key. */
    private static List<SortCriterion> criteria(ImapReader r) throws IOException, ProtocolException {
        if (r.peek() != '(') throw r.bad("SORT needs a parenthesised list of sort criteria");
        r.expect('(', "sort criteria");
        List<SortCriterion> out = new ArrayList<>();
        do {
            String word = Args.upper(r.atom());
            boolean reverse = word.equals("REVERSE");
            if (reverse) {
                if (r.peek() != ' ') throw r.bad("REVERSE must be followed by a sort key");
                r.sp();
                word = Args.upper(r.atom());
            }
            out.add(new SortCriterion(key(r, word), reverse));
        } while (r.accept(' '));
        if (!r.accept(')')) throw r.bad("Sort criteria must be separated by one space and end with )");
        return List.copyOf(out);
    }

    private static SortCriterion.Key key(ImapReader r, String word) throws ProtocolException {
        try {
            return SortCriterion.Key.valueOf(word);
        } catch (IllegalArgumentException e) {
            throw r.bad("Unknown sort criterion " + shorten(word)
                    + " (ARRIVAL CC DATE FROM SIZE SUBJECT TO DISPLAYFROM DISPLAYTO, each may follow REVERSE)");
        }
    }

    /** RETURN SP "(" [opt *(SP opt)] ")" (RFC 5267 §3.2; RFC 4731 §3.1: an empty list means ALL; RFC 9394 PARTIAL). */
    private static Command.SortReturn.Esearch returnOptions(ImapReader r) throws IOException, ProtocolException {
        r.sp();
        r.expect('(', "return options");
        Set<Command.SortReturn.Option> opts = EnumSet.noneOf(Command.SortReturn.Option.class);
        java.util.Optional<PartialRange> partial = java.util.Optional.empty();
        boolean first = true;
        while (!r.accept(')')) {
            if (!first) r.sp();
            first = false;
            String opt = Args.upper(r.atom());
            if (opt.equals("PARTIAL") && partial.isEmpty()) {
                r.sp();
                partial = java.util.Optional.of(PartialRange.parse(r));
                continue;
            }
            if (opt.equals("CONTEXT")) continue; // RFC 5267 §4.2: a hint servers may ignore
            try {
                opts.add(Command.SortReturn.Option.valueOf(opt));
            } catch (IllegalArgumentException e) {
                throw r.bad("Unknown SORT return option " + shorten(opt) + " (MIN MAX ALL COUNT PARTIAL CONTEXT UPDATE)");
            }
        }
        // RFC 9394 §3.1: one PARTIAL or one ALL, not both.
        if (partial.isPresent() && opts.contains(Command.SortReturn.Option.ALL)) throw r.bad("RETURN cannot have both PARTIAL and ALL");
        if (opts.isEmpty() && partial.isEmpty()) opts.add(Command.SortReturn.Option.ALL);
        return new Command.SortReturn.Esearch(opts, partial);
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
