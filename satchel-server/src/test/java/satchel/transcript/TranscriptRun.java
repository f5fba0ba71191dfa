package satchel.transcript;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.opentest4j.AssertionFailedError;
import satchel.TestClient;

/**
 * Plays one {@link Transcript} against a {@link Target}: sends the C: lines, waits for each S: line (with the
 * client's timeout) and fails at the first difference with the file position and the conversation so far.
 */
final class TranscriptRun {
    private static final Pattern LITERAL = Pattern.compile("\\{(\\d+)(\\+?)}$");

    private final Transcript transcript;
    private final Target target;
    private final Duration timeout;
    private final Map<String, TestClient> sessions = new LinkedHashMap<>();
    private final Map<String, String> vars = new HashMap<>();
    private final Map<String, Target.Account> users = new HashMap<>();
    private final Map<String, String> tokens = new LinkedHashMap<>();
    private final Setup setup;

    TranscriptRun(Transcript transcript, Target target, Duration timeout) {
        this.transcript = transcript;
        this.target = target;
        this.timeout = timeout;
        this.setup = new Setup(target, timeout, this::fail);
    }

    void run() throws Exception {
        try {
            List<Step> steps = transcript.steps();
            for (int i = 0; i < steps.size(); i++) execute(steps.get(i), i);
            for (var e : sessions.entrySet()) {
                List<String> extra = e.getValue().pendingLines();
                if (!extra.isEmpty()) fail(steps.getLast(), e.getKey(), "nothing more after the last line",
                        "unexpected lines at end of file: " + extra);
            }
        } finally {
            sessions.values().forEach(TestClient::close);
        }
    }

    private void execute(Step step, int index) throws Exception {
        switch (step) {
            case Step.User u -> {
                var account = target.account(u.name(), u.password());
                users.put(u.name(), account);
                tokens.put(u.name(), account.login());
                tokens.put(u.password(), account.password());
            }
            case Step.Append a -> setup.append(a, user(a, a.user()), tokens(a.mailbox()));
            case Step.Quota q -> {
                user(q, q.user()); // declared first with !user
                target.quota(q.user(), q.storage(), q.messages());
            }
            case Step.Login l -> {
                var account = user(l, l.user());
                setup.quiet(l, session(l, index), "LOGIN " + Setup.quote(account.login()) + " "
                        + Setup.quote(account.password()));
            }
            case Step.Select s -> setup.quiet(s, session(s, index), "SELECT " + tokens(s.mailbox()));
            case Step.Close c -> {
                TestClient client = sessions.remove(c.session());
                if (client != null) client.close();
            }
            case Step.Tls t -> session(t, index).startTls(TrustAll.context());
            case Step.Send s -> session(s, index).write(bytes(s, index));
            case Step.Expect e -> expect(e, session(e, index), index);
            case Step.ExpectClosed e -> {
                String line = read(e, session(e, index), "<closed>");
                if (line != null) fail(e, e.session(), "<closed>", line);
                sessions.remove(e.session()).close();
            }
            case Step.Unordered u -> unordered(u, session(u, index));
        }
    }

    private Target.Account user(Step at, String name) {
        var a = users.get(name);
        if (a == null) fail(at, at.session(), "a !user " + name + " line before this one", "no such user");
        return a;
    }

    /** Opens the session at its first use; the greeting is skipped unless this step reads it. */
    private TestClient session(Step step, int index) throws IOException {
        TestClient c = sessions.get(step.session());
        if (c != null) return c;
        c = TestClient.connect(target.imap(), timeout);
        sessions.put(step.session(), c);
        boolean fileReadsGreeting = step instanceof Step.Expect || step instanceof Step.Unordered
                || step instanceof Step.ExpectClosed;
        if (!fileReadsGreeting) {
            String greeting = read(step, c, "* OK *");
            if (greeting == null || !(greeting.startsWith("* OK") || greeting.startsWith("* PREAUTH")))
                fail(step, step.session(), "* OK greeting", String.valueOf(greeting));
        }
        return c;
    }

    private byte[] bytes(Step.Send s, int index) {
        if (s.raw() != null) return s.raw();
        String text = LinePattern.substitute(tokens(s.text()), vars);
        text = adjustLiteral(text, s, index);
        return (s.crlf() ? text + "\r\n" : text).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A literal holding a user name or password ({@code LOGIN {5}} then {@code alice}) changes length when the
     * target maps the account; the count follows when it equals the payload as written.
     */
    private String adjustLiteral(String text, Step.Send s, int index) {
        Matcher m = LITERAL.matcher(text);
        if (!m.find()) return text;
        for (Step next : transcript.steps().subList(index + 1, transcript.steps().size())) {
            if (!s.session().equals(next.session())) continue;
            if (next instanceof Step.Expect) continue;
            if (next instanceof Step.Send n && n.text() != null && !n.text().equals(tokens(n.text()))
                    && n.text().getBytes(StandardCharsets.UTF_8).length == Integer.parseInt(m.group(1))) {
                int len = tokens(n.text()).getBytes(StandardCharsets.UTF_8).length;
                return text.substring(0, m.start()) + "{" + len + m.group(2) + "}";
            }
            return text;
        }
        return text;
    }

    /**
     * Replaces test user names and passwords by the target's accounts, as whole words, in what the client
     * sends; S: lines are left alone, since a message may well mention "alice".
     */
    private String tokens(String text) {
        for (var t : tokens.entrySet()) {
            if (t.getKey().equals(t.getValue())) continue;
            text = text.replaceAll("(?<![\\w.@-])" + Pattern.quote(t.getKey()) + "(?![\\w.@-])",
                    Matcher.quoteReplacement(t.getValue()));
        }
        return text;
    }

    /**
     * Optional lines right before a client line are not waited for: they are remembered, and a later read
     * on that session skips a line that matches one of them.
     */
    private final Map<String, List<String>> deferred = new HashMap<>();

    private boolean nextForSessionIsSend(Step.Expect e, int index) {
        for (Step next : transcript.steps().subList(index + 1, transcript.steps().size())) {
            if (!e.session().equals(next.session())) continue;
            if (next instanceof Step.Expect x && x.optional()) continue;
            return next instanceof Step.Send;
        }
        return false;
    }

    private void expect(Step.Expect e, TestClient c, int index) throws IOException {
        String pattern = e.pattern();
        if (e.optional() && nextForSessionIsSend(e, index)) {
            deferred.computeIfAbsent(e.session(), k -> new ArrayList<>()).add(pattern);
            return;
        }
        String line = read(e, c, pattern);
        if (line == null) fail(e, e.session(), pattern, "<closed>");
        var captured = LinePattern.match(LinePattern.sortFlags(pattern), LinePattern.sortFlags(line), vars);
        if (e.optional() && captured.isEmpty()) {
            c.unread(line);
            return;
        }
        if (captured.isEmpty()) fail(e, e.session(), pattern, line);
        vars.putAll(captured.get());
    }

    private void unordered(Step.Unordered u, TestClient c) throws IOException {
        var got = new ArrayList<String>();
        for (var e : u.lines()) {
            String line = read(e, c, "(unordered) " + e.pattern());
            if (line == null) fail(e, u.session(), e.pattern(), "<closed>");
            got.add(line);
        }
        var patterns = u.lines().stream().map(e -> LinePattern.sortFlags(e.pattern())).toList();
        var result = assign(patterns, got.stream().map(LinePattern::sortFlags).toList(), 0, new boolean[got.size()], vars);
        if (result.isEmpty())
            fail(u, u.session(), "these lines in any order:\n    " + String.join("\n    ", patterns),
                    String.join("\n    ", got));
        vars.putAll(result.get());
    }

    /** Backtracking: pattern i takes some unused line; captures made by earlier patterns bind later ones. */
    private static Optional<Map<String, String>> assign(List<String> patterns, List<String> lines, int i,
                                                        boolean[] used, Map<String, String> bound) {
        if (i == patterns.size()) return Optional.of(new HashMap<>());
        for (int l = 0; l < lines.size(); l++) {
            if (used[l]) continue;
            var m = LinePattern.match(patterns.get(i), lines.get(l), bound);
            if (m.isEmpty()) continue;
            var next = new HashMap<>(bound);
            next.putAll(m.get());
            used[l] = true;
            var rest = assign(patterns, lines, i + 1, used, next);
            used[l] = false;
            if (rest.isPresent()) {
                rest.get().putAll(m.get());
                return rest;
            }
        }
        return Optional.empty();
    }

    private String read(Step step, TestClient c, String waitingFor) throws IOException {
        try {
            String line = c.readLine();
            List<String> optional = deferred.getOrDefault(step.session(), List.of());
            while (line != null && !LinePattern.match(LinePattern.sortFlags(waitingFor), LinePattern.sortFlags(line), vars).isPresent()
                    && removeMatching(optional, line)) {
                line = c.readLine();
            }
            return line;
        } catch (TestClient.LineTimeout t) {
            fail(step, step.session(), waitingFor, "nothing within " + timeout.toSeconds() + " s (" + t.getMessage() + ")");
            return null;
        }
    }

    private boolean removeMatching(List<String> optional, String line) {
        for (var it = optional.iterator(); it.hasNext(); ) {
            if (LinePattern.match(LinePattern.sortFlags(it.next()), LinePattern.sortFlags(line), vars).isPresent()) {
                it.remove();
                return true;
            }
        }
        return false;
    }

    private void fail(Step step, String session, String expected, String actual) {
        var msg = new StringBuilder();
        msg.append(transcript.name()).append(':').append(step.line()).append(" @").append(session)
                .append(" on ").append(target.kind()).append('\n')
                .append("  expected: ").append(expected).append('\n')
                .append("  actual:   ").append(actual).append('\n');
        TestClient c = session == null ? null : sessions.get(session);
        if (c != null) {
            List<String> log = c.log();
            msg.append("  conversation on @").append(session).append(" so far:\n");
            log.subList(Math.max(0, log.size() - 40), log.size()).forEach(l -> msg.append("    ").append(l).append('\n'));
        }
        throw new AssertionFailedError(msg.toString(), expected, actual);
    }

    /** How setup actions report a failure: the step, what was wanted, what came. */
    interface Failure {
        void fail(Step step, String session, String expected, String actual);
    }
}
