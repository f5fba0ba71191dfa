package satchel.transcript;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns transcript text (notation in {@code src/test/resources/transcripts/README.md}) into {@link Step}s. */
final class TranscriptParser {
    private static final Pattern LINE = Pattern.compile("(?:@(\\w+) )?(C:|C\\+:|CX:|S:|S\\?:)(?: (.*))?");
    private static final Pattern DIRECTIVE = Pattern.compile("!(\\w+)(?: (.*))?");
    private static final Pattern SESSION_ARG = Pattern.compile("@(\\w+)(?: (.*))?");

    private final String name;
    private final Function<String, byte[]> fixtures;
    private final String[] lines;
    private final List<Step> steps = new ArrayList<>();
    private final Set<String> only = new LinkedHashSet<>();
    private int pos;

    private TranscriptParser(String name, String text, Function<String, byte[]> fixtures) {
        this.name = name;
        this.fixtures = fixtures;
        this.lines = text.replace("\r\n", "\n").split("\n", -1);
    }

    /** @param fixtures loads a message file named in {@code !append ... < file} */
    static Transcript parse(String name, String text, Function<String, byte[]> fixtures) {
        var p = new TranscriptParser(name, text, fixtures);
        p.run();
        return new Transcript(name, List.copyOf(p.steps), Set.copyOf(p.only));
    }

    private void run() {
        while (pos < lines.length) {
            int lineNo = pos + 1;
            String l = lines[pos++];
            if (l.isBlank() || l.startsWith("#")) continue;
            if (l.strip().equals("unordered {")) steps.add(unordered(lineNo));
            else if (l.startsWith("!")) directive(lineNo, l);
            else steps.add(protocolLine(lineNo, l));
        }
    }

    private Step protocolLine(int lineNo, String l) {
        Matcher m = LINE.matcher(l);
        if (!m.matches()) throw error(lineNo, "expected [@s] C:/C+:/CX:/S: line, !directive or unordered {, got: " + l);
        String session = m.group(1) == null ? "a" : m.group(1);
        String text = m.group(3) == null ? "" : m.group(3);
        return switch (m.group(2)) {
            case "C:" -> new Step.Send(lineNo, session, text, true, null);
            case "C+:" -> new Step.Send(lineNo, session, text, false, null);
            case "CX:" -> new Step.Send(lineNo, session, null, false, hex(lineNo, text));
            case "S?:" -> new Step.Expect(lineNo, session, text, true);
            default -> text.equals("<closed>") ? new Step.ExpectClosed(lineNo, session)
                    : new Step.Expect(lineNo, session, text, false);
        };
    }

    private Step unordered(int start) {
        var expects = new ArrayList<Step.Expect>();
        while (pos < lines.length) {
            int lineNo = pos + 1;
            String l = lines[pos++].strip();
            if (l.isEmpty() || l.startsWith("#")) continue;
            if (l.equals("}")) {
                if (expects.isEmpty()) throw error(start, "empty unordered block");
                String s = expects.getFirst().session();
                if (expects.stream().anyMatch(e -> !e.session().equals(s)))
                    throw error(start, "an unordered block covers one session");
                return new Step.Unordered(start, s, List.copyOf(expects));
            }
            if (!(protocolLine(lineNo, l) instanceof Step.Expect e) || e.optional())
                throw error(lineNo, "only S: lines inside unordered { }");
            expects.add(e);
        }
        throw error(start, "unordered { without }");
    }

    private void directive(int lineNo, String l) {
        Matcher m = DIRECTIVE.matcher(l);
        if (!m.matches()) throw error(lineNo, "bad directive: " + l);
        String args = m.group(2) == null ? "" : m.group(2).strip();
        String[] a = args.isEmpty() ? new String[0] : args.split(" +");
        switch (m.group(1)) {
            case "only" -> only.addAll(List.of(a));
            case "user" -> {
                if (a.length != 2) throw error(lineNo, "!user NAME PASSWORD");
                steps.add(new Step.User(lineNo, a[0], a[1]));
            }
            case "append" -> steps.add(append(lineNo, args));
            case "quota" -> {
                if (a.length != 3) throw error(lineNo, "!quota USER STORAGE MESSAGES (sizes, counts or unlimited)");
                steps.add(new Step.Quota(lineNo, a[0], a[1], a[2]));
            }
            case "login" -> {
                var s = sessionArg(lineNo, args);
                steps.add(new Step.Login(lineNo, s[0], s[1]));
            }
            case "select" -> {
                var s = sessionArg(lineNo, args);
                steps.add(new Step.Select(lineNo, s[0], s[1]));
            }
            case "close" -> steps.add(new Step.Close(lineNo, sessionArg(lineNo, args + " x")[0]));
            case "tls" -> steps.add(new Step.Tls(lineNo, sessionArg(lineNo, args + " x")[0]));
            default -> throw error(lineNo, "unknown directive !" + m.group(1));
        }
    }

    /** "@b rest" or "rest" (session a) -> {session, rest}. */
    private String[] sessionArg(int lineNo, String args) {
        Matcher m = SESSION_ARG.matcher(args);
        if (m.matches()) return new String[] {m.group(1), m.group(2) == null ? "" : m.group(2).strip()};
        if (args.isBlank()) throw error(lineNo, "missing argument");
        return new String[] {"a", args.strip()};
    }

    private Step.Append append(int lineNo, String args) {
        int heredoc = args.lastIndexOf("<<");
        int file = args.lastIndexOf(" < ");
        byte[] message;
        String head;
        if (heredoc >= 0) {
            message = heredoc(lineNo, args.substring(heredoc + 2).strip());
            head = args.substring(0, heredoc).strip();
        } else if (file >= 0) {
            message = fixtures.apply(args.substring(file + 3).strip());
            head = args.substring(0, file).strip();
        } else {
            throw error(lineNo, "!append USER MAILBOX [flags] [date] <<EOF ... EOF  (or < fixture.eml)");
        }
        String[] parts = head.split(" +", 2);
        if (parts.length < 2) throw error(lineNo, "!append needs USER and MAILBOX");
        String rest = parts[1];
        int end = rest.startsWith("\"") ? rest.indexOf('"', 1) + 1 : rest.indexOf(' ');
        if (end <= 0) end = rest.length();
        return new Step.Append(lineNo, parts[0], rest.substring(0, end), rest.substring(end).strip(), message);
    }

    private byte[] heredoc(int start, String terminator) {
        var out = new ByteArrayOutputStream();
        while (pos < lines.length) {
            String l = lines[pos++];
            if (l.equals(terminator)) return out.toByteArray();
            out.writeBytes((l + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        throw error(start, "heredoc without " + terminator);
    }

    private byte[] hex(int lineNo, String text) {
        try {
            return HexFormat.of().parseHex(text.replace(" ", ""));
        } catch (IllegalArgumentException e) {
            throw error(lineNo, "CX: wants hex bytes: " + e.getMessage());
        }
    }

    private IllegalArgumentException error(int lineNo, String msg) {
        return new IllegalArgumentException(name + ":" + lineNo + ": " + msg);
    }
}
