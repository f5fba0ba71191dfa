package satchel.lmtp;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Parses one SMTP/LMTP command line (RFC 5321 §4.1.1 and §4.1.2). Lenient where real clients are sloppy and
 * nothing is lost by it: verbs in any case, a space after {@code FROM:}/{@code TO:}, source routes (dropped,
 * §4.1.1.3 says to ignore them). Stateless.
 */
public final class SmtpCommands {
    private SmtpCommands() {}

    public static SmtpCommand parse(String line) throws SmtpSyntaxException {
        int sp = line.indexOf(' ');
        String verb = (sp < 0 ? line : line.substring(0, sp)).toUpperCase(Locale.ROOT);
        String rest = sp < 0 ? "" : line.substring(sp + 1);
        return switch (verb) {
            case "LHLO", "EHLO", "HELO" -> {
                String domain = rest.strip();
                if (domain.isEmpty() || domain.contains(" ")) throw syntax(verb + " needs the client's name");
                yield new SmtpCommand.Hello(verb, domain);
            }
            case "MAIL" -> {
                String path = after(rest, "FROM:");
                yield new SmtpCommand.Mail(reversePath(path), params(paramsOf(path)));
            }
            case "RCPT" -> {
                String path = after(rest, "TO:");
                String to = path(path, "5.1.3");
                if (to.isEmpty()) throw new SmtpSyntaxException(501, "5.1.3", "Empty recipient address");
                yield new SmtpCommand.Rcpt(to, params(paramsOf(path)));
            }
            case "DATA" -> noArgs(rest, new SmtpCommand.Data());
            case "BDAT" -> bdat(rest);
            case "RSET" -> noArgs(rest, new SmtpCommand.Rset());
            case "NOOP" -> new SmtpCommand.Noop(); // §4.1.1.9: an argument is allowed and ignored
            case "QUIT" -> noArgs(rest, new SmtpCommand.Quit());
            case "VRFY" -> new SmtpCommand.Vrfy(rest);
            case "HELP" -> new SmtpCommand.Help();
            default -> new SmtpCommand.Unknown(verb);
        };
    }

    /** The text after {@code keyword} (case-insensitive), with the optional space real clients put there. */
    private static String after(String rest, String keyword) throws SmtpSyntaxException {
        if (!rest.regionMatches(true, 0, keyword, 0, keyword.length())) {
            throw syntax("Syntax: " + (keyword.equals("FROM:") ? "MAIL FROM:<address>" : "RCPT TO:<address>"));
        }
        return rest.substring(keyword.length()).stripLeading();
    }

    private static String reversePath(String text) throws SmtpSyntaxException {
        return path(text, "5.1.7");
    }

    /**
     * The address inside {@code <...>} at the start of {@code text}: quoted local parts may hold '>' and spaces
     * (§4.1.2 Quoted-string), a source route "@a,@b:" is dropped. {@code enhanced}: the code for a bad address.
     */
    static String path(String text, String enhanced) throws SmtpSyntaxException {
        int close = closing(text);
        if (!text.startsWith("<") || close < 0) {
            throw new SmtpSyntaxException(501, enhanced, "Address must be in angle brackets: <user@domain>");
        }
        String inner = text.substring(1, close);
        if (inner.startsWith("@")) {
            int colon = inner.indexOf(':');
            if (colon < 0) throw new SmtpSyntaxException(501, enhanced, "Bad source route");
            inner = inner.substring(colon + 1);
        }
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (c < ' ' || c == 0x7f) throw new SmtpSyntaxException(501, enhanced, "Control character in address");
        }
        if (!inner.isEmpty() && !inner.startsWith("\"") && inner.contains(" ")) {
            throw new SmtpSyntaxException(501, enhanced, "Space in address");
        }
        return inner;
    }

    /** The index of the '>' closing the path, skipping quoted strings; -1 if none. */
    private static int closing(String text) {
        boolean quoted = false;
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted && c == '\\') i++;
            else if (c == '"') quoted = !quoted;
            else if (!quoted && c == '>') return i;
        }
        return -1;
    }

    private static String paramsOf(String path) {
        int close = closing(path);
        return close < 0 ? "" : path.substring(close + 1).strip();
    }

    /** {@code esmtp-param *(SP esmtp-param)}, keyword ["=" value]; keywords upper-cased. */
    private static Map<String, String> params(String text) throws SmtpSyntaxException {
        Map<String, String> out = new LinkedHashMap<>();
        if (text.isEmpty()) return out;
        for (String p : text.split(" +")) {
            int eq = p.indexOf('=');
            String key = (eq < 0 ? p : p.substring(0, eq)).toUpperCase(Locale.ROOT);
            if (!key.matches("[A-Z0-9][A-Z0-9-]*")) throw syntax("Bad parameter \"" + p + "\"");
            if (out.put(key, eq < 0 ? "" : p.substring(eq + 1)) != null) throw syntax("Parameter " + key + " repeated");
        }
        return out;
    }

    private static SmtpCommand bdat(String rest) throws SmtpSyntaxException {
        String[] words = rest.strip().split(" +");
        if (rest.isBlank() || words.length > 2 || !words[0].matches("[0-9]{1,18}")) {
            throw syntax("Syntax: BDAT <size> [LAST]");
        }
        boolean last = words.length == 2;
        if (last && !words[1].equalsIgnoreCase("LAST")) throw syntax("Syntax: BDAT <size> [LAST]");
        return new SmtpCommand.Bdat(Long.parseLong(words[0]), last);
    }

    private static SmtpCommand noArgs(String rest, SmtpCommand command) throws SmtpSyntaxException {
        if (!rest.isBlank()) throw syntax("No arguments allowed");
        return command;
    }

    private static SmtpSyntaxException syntax(String text) {
        return new SmtpSyntaxException(501, "5.5.4", text);
    }
}
