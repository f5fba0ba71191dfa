package satchel.transcript;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An expected server line. {@code *} matches any run of characters, except as the first character (the untagged
 * marker) and in {@code \*} (the flag). {@code ${name}} matches the value already captured under that name, or
 * captures a non-empty run of characters.
 */
final class LinePattern {
    private LinePattern() {}

    /** The captures made, if {@code actual} matches; bound names in {@code vars} are matched literally. */
    static Optional<Map<String, String>> match(String pattern, String actual, Map<String, String> vars) {
        var regex = new StringBuilder();
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            int close = pattern.indexOf('}', i);
            if (c == '$' && pattern.startsWith("${", i) && close > 0) {
                String name = pattern.substring(i + 2, close);
                if (vars.containsKey(name)) regex.append(Pattern.quote(vars.get(name)));
                else if (groups.contains(name)) regex.append("\\").append(groups.indexOf(name) + 1);
                else {
                    groups.add(name);
                    regex.append("(.+?)");
                }
                i = close;
            } else if (c == '*' && i > 0 && pattern.charAt(i - 1) != '\\') {
                regex.append(".*?");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        Matcher m = Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(actual);
        if (!m.matches()) return Optional.empty();
        var captured = new LinkedHashMap<String, String>();
        for (int g = 0; g < groups.size(); g++) captured.put(groups.get(g), m.group(g + 1));
        return Optional.of(captured);
    }

    /**
     * Replaces {@code ${name}} with bound values, {@code ${"x"*N}} with N copies of x and {@code ${plain:U:P}} with
     * the base64 SASL PLAIN response for user U and password P; fails on unbound names.
     */
    static String substitute(String text, Map<String, String> vars) {
        var out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int start = text.indexOf("${", i);
            int close = start < 0 ? -1 : text.indexOf('}', start);
            if (close < 0) {
                out.append(text, i, text.length());
                break;
            }
            out.append(text, i, start);
            out.append(value(text.substring(start + 2, close), vars));
            i = close + 1;
        }
        return out.toString();
    }

    private static final Pattern FLAG_LIST = Pattern.compile("(FLAGS \\()([^()]*)(\\))");

    /** Flag lists are sets (RFC 3501 §2.3.2): their order on the wire carries no meaning, so both sides are sorted. */
    static String sortFlags(String line) {
        return FLAG_LIST.matcher(line).replaceAll(m -> Matcher.quoteReplacement(m.group(1)
                + String.join(" ", java.util.Arrays.stream(m.group(2).trim().split(" +"))
                        .sorted(String.CASE_INSENSITIVE_ORDER).toList()) + m.group(3)));
    }

    private static final Pattern REPEAT = Pattern.compile("\"([^\"]*)\"\\*(\\d+)");

    private static String value(String name, Map<String, String> vars) {
        if (name.startsWith("plain:")) { // SASL PLAIN initial response (RFC 4616): NUL user NUL password
            String[] up = name.substring(6).split(":", 2);
            return java.util.Base64.getEncoder().encodeToString(("\0" + up[0] + "\0" + up[1])
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        Matcher r = REPEAT.matcher(name);
        if (r.matches()) return r.group(1).repeat(Integer.parseInt(r.group(2)));
        String v = vars.get(name);
        if (v == null) throw new IllegalStateException("${" + name + "} is used before it was captured");
        return v;
    }
}
