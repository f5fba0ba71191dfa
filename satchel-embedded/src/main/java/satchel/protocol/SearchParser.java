package satchel.protocol;

import static satchel.protocol.CommandParser.end;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import satchel.wire.ImapReader;
import satchel.wire.ProtocolException;

/**
 * SEARCH [SP RETURN (opts)] [SP CHARSET astring] 1*(SP search-key) (RFC 3501 §6.4.4, RFC 4731 ESEARCH,
 * RFC 5182 SEARCHRES, RFC 7162 MODSEQ, RFC 5032 OLDER/YOUNGER). Several top-level keys become {@link SearchKey.And}, a single one
 * stays itself; a parenthesised group is always an And. Strings are decoded with the CHARSET when Java knows
 * it; otherwise as UTF-8, and the session answers NO [BADCHARSET] on seeing the unsupported name.
 */
final class SearchParser {
    private final ImapReader r;
    private final Charset charset;

    private SearchParser(ImapReader r, Charset charset) {
        this.r = r;
        this.charset = charset;
    }

    static Command.Search search(ImapReader r, String tag, boolean byUid) throws IOException, ProtocolException {
        r.sp();
        SearchReturn returns = new SearchReturn.Plain();
        String word = Args.isLetter(r.peek()) ? Args.upper(r.atom()) : null;
        if ("RETURN".equals(word)) {
            returns = returnOptions(r);
            r.sp();
            word = Args.isLetter(r.peek()) ? Args.upper(r.atom()) : null;
        }
        String charset = null;
        if ("CHARSET".equals(word)) {
            r.sp();
            charset = r.astring();
            r.sp();
            word = null;
        }
        SearchParser p = new SearchParser(r, lookup(charset));
        List<SearchKey> keys = new ArrayList<>();
        keys.add(word != null ? p.named(word) : p.key());
        while (r.peek() == ' ') {
            r.next();
            keys.add(p.key());
        }
        SearchKey criteria = keys.size() == 1 ? keys.getFirst() : new SearchKey.And(keys);
        return end(r, new Command.Search(tag, byUid, java.util.Optional.ofNullable(charset), criteria, returns));
    }

    /** search-key *(SP search-key) with strings in {@code charset}: SORT's and THREAD's criteria (RFC 5256 §5). */
    static SearchKey keys(ImapReader r, String charset) throws IOException, ProtocolException {
        SearchParser p = new SearchParser(r, lookup(charset));
        List<SearchKey> keys = new ArrayList<>();
        do keys.add(p.key()); while (r.accept(' '));
        return keys.size() == 1 ? keys.getFirst() : new SearchKey.And(keys);
    }

    /** RETURN SP "(" [opt *(SP opt)] ")"; empty means ALL (RFC 4731 §3.1); PARTIAL range (RFC 9394 §3.1). */
    private static SearchReturn.Extended returnOptions(ImapReader r) throws IOException, ProtocolException {
        r.sp();
        r.expect('(', "return options");
        r.enter();
        Set<SearchReturn.Option> opts = java.util.EnumSet.noneOf(SearchReturn.Option.class);
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
                opts.add(SearchReturn.Option.valueOf(opt));
            } catch (IllegalArgumentException e) {
                throw r.bad("Unknown SEARCH return option " + opt);
            }
        }
        r.leave();
        // RFC 9394 §3.1: one PARTIAL or one ALL, not both.
        if (partial.isPresent() && opts.contains(SearchReturn.Option.ALL)) throw r.bad("RETURN cannot have both PARTIAL and ALL");
        return new SearchReturn.Extended(opts, partial);
    }

    private static Charset lookup(String name) {
        if (name == null) return StandardCharsets.UTF_8;
        try {
            return Charset.isSupported(name) ? Charset.forName(name) : StandardCharsets.UTF_8;
        } catch (IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
        }
    }

    private SearchKey key() throws IOException, ProtocolException {
        int c = r.peek();
        if (c == '(') return group();
        if (Args.isDigit(c) || c == '*' || c == '$') return new SearchKey.Sequence(Args.sequenceSet(r), false);
        if (!Args.isLetter(c)) throw r.expected("search key");
        return named(Args.upper(r.atom()));
    }

    private SearchKey group() throws IOException, ProtocolException {
        r.next();
        r.enter();
        List<SearchKey> keys = new ArrayList<>();
        do keys.add(key()); while (r.accept(' '));
        r.expect(')', "search key");
        r.leave();
        return new SearchKey.And(keys);
    }

    private SearchKey named(String name) throws IOException, ProtocolException {
        return switch (name) {
            case "ALL" -> new SearchKey.All();
            case "ANSWERED", "DELETED", "DRAFT", "FLAGGED", "SEEN" -> new SearchKey.Flag(systemFlag(name), true);
            case "UNANSWERED", "UNDELETED", "UNDRAFT", "UNFLAGGED", "UNSEEN" ->
                    new SearchKey.Flag(systemFlag(name.substring(2)), false);
            case "KEYWORD", "UNKEYWORD" -> {
                r.sp();
                yield new SearchKey.Flag(r.atom(), name.equals("KEYWORD"));
            }
            case "RECENT" -> new SearchKey.Recent();
            case "NEW" -> new SearchKey.New();
            case "OLD" -> new SearchKey.Old();
            case "BCC" -> new SearchKey.Header("Bcc", text());
            case "CC" -> new SearchKey.Header("Cc", text());
            case "FROM" -> new SearchKey.Header("From", text());
            case "TO" -> new SearchKey.Header("To", text());
            case "SUBJECT" -> new SearchKey.Header("Subject", text());
            case "HEADER" -> {
                String field = text();
                yield new SearchKey.Header(field, text());
            }
            case "BODY" -> new SearchKey.Body(text());
            case "TEXT" -> new SearchKey.Text(text());
            case "BEFORE", "ON", "SINCE" -> date(SearchKey.DateOp.valueOf(name), false);
            case "SENTBEFORE", "SENTON", "SENTSINCE" -> date(SearchKey.DateOp.valueOf(name.substring(4)), true);
            case "LARGER" -> new SearchKey.Larger(sizeArg());
            case "SMALLER" -> new SearchKey.Smaller(sizeArg());
            case "UID" -> {
                r.sp();
                yield new SearchKey.Sequence(Args.sequenceSet(r), true);
            }
            case "NOT" -> {
                r.enter();
                r.sp();
                SearchKey k = key();
                r.leave();
                yield new SearchKey.Not(k);
            }
            case "OR" -> {
                r.enter();
                r.sp();
                SearchKey a = key();
                r.sp();
                SearchKey b = key();
                r.leave();
                yield new SearchKey.Or(a, b);
            }
            case "MODSEQ" -> modSeq();
            case "OLDER", "YOUNGER" -> within(name);
            case "EMAILID" -> new SearchKey.EmailId(objectId(name));
            case "THREADID" -> new SearchKey.ThreadId(objectId(name));
            case "SAVEDBEFORE", "SAVEDON", "SAVEDSINCE" -> {
                r.sp();
                yield new SearchKey.SaveDate(SearchKey.DateOp.valueOf(name.substring(5)), Args.date(r));
            }
            case "SAVEDATESUPPORTED" -> new SearchKey.SaveDateSupported();
            default -> throw r.bad("Unknown search key " + (name.length() > 40 ? name.substring(0, 40) : name));
        };
    }

    private static String systemFlag(String name) {
        return "\\" + name.charAt(0) + name.substring(1).toLowerCase(java.util.Locale.ROOT);
    }

    private String text() throws IOException, ProtocolException {
        r.sp();
        return new String(r.astringBytes(), charset);
    }

    private SearchKey date(SearchKey.DateOp op, boolean sent) throws IOException, ProtocolException {
        r.sp();
        return new SearchKey.Date(op, Args.date(r), sent);
    }

    private long sizeArg() throws IOException, ProtocolException {
        r.sp();
        return r.number64();
    }

    /** RFC 8474 §7: objectid = 1*255(ALPHA / DIGIT / "_" / "-"). */
    private String objectId(String name) throws IOException, ProtocolException {
        r.sp();
        String id = r.readWhile(c -> Args.isLetter(c) || Args.isDigit(c) || c == '_' || c == '-');
        if (id.isEmpty() || id.length() > 255) throw r.bad(name + " needs an object id of 1 to 255 letters, digits, _ or -");
        return id;
    }

    /** RFC 5032 §4: ( "OLDER" / "YOUNGER" ) SP nz-number, an interval in seconds. */
    private SearchKey within(String name) throws IOException, ProtocolException {
        r.sp();
        if (!Args.isDigit(r.peek())) throw r.bad(name + " needs an interval in seconds");
        long seconds = r.number();
        if (seconds == 0) throw r.bad(name + " needs an interval of at least 1 second");
        return new SearchKey.Within(name.equals("OLDER"), seconds);
    }

    /** MODSEQ [SP entry-name SP entry-type-req] SP mod-sequence-valzer (RFC 7162 §3.1.5); entry ignored. */
    private SearchKey modSeq() throws IOException, ProtocolException {
        r.sp();
        if (!Args.isDigit(r.peek())) {
            r.string();
            r.sp();
            String type = Args.upper(r.atom());
            if (!type.equals("PRIV") && !type.equals("SHARED") && !type.equals("ALL"))
                throw r.bad("Invalid MODSEQ entry type " + type);
            r.sp();
        }
        return new SearchKey.ModSeq(r.number64());
    }
}
