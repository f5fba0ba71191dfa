package satchel.transcript;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import satchel.TestClient;

/** The quiet actions behind directives: they run commands whose untagged responses the file does not check. */
final class Setup {
    private final Target target;
    private final Duration timeout;
    private final TranscriptRun.Failure failure;
    private int tags;

    Setup(Target target, Duration timeout, TranscriptRun.Failure failure) {
        this.target = target;
        this.timeout = timeout;
        this.failure = failure;
    }

    /** Runs one command, skips untagged lines and requires a tagged OK. */
    void quiet(Step at, TestClient c, String command) throws IOException {
        String tag = "x" + (++tags);
        c.write((tag + " " + command + "\r\n").getBytes(StandardCharsets.UTF_8));
        String line = untilTagged(at, c, tag, false);
        if (!line.startsWith(tag + " OK")) failure.fail(at, at.session(), tag + " OK *", line);
    }

    /** APPENDs the message on a connection of its own, as a second client or a delivery would. */
    void append(Step.Append a, Target.Account user, String mailbox) throws IOException {
        try (var c = TestClient.connect(target.imap(), timeout)) {
            String greeting = c.readLine();
            if (greeting == null || !greeting.startsWith("* OK")) failure.fail(a, null, "* OK greeting", greeting);
            quiet(a, c, "LOGIN " + quote(user.login()) + " " + quote(user.password()));
            String tag = "x" + (++tags);
            String args = a.args().isEmpty() ? "" : " " + a.args();
            c.write((tag + " APPEND " + mailbox + args + " {" + a.message().length + "}\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            String cont = untilTagged(a, c, tag, true);
            if (!cont.startsWith("+")) failure.fail(a, null, "+ continuation for !append", cont);
            var payload = new ByteArrayOutputStream();
            payload.writeBytes(a.message());
            payload.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            c.write(payload.toByteArray());
            String done = untilTagged(a, c, tag, false);
            if (!done.startsWith(tag + " OK")) failure.fail(a, null, tag + " OK (the !append)", done);
            quiet(a, c, "LOGOUT");
        }
    }

    private String untilTagged(Step at, TestClient c, String tag, boolean orContinuation) throws IOException {
        while (true) {
            String line;
            try {
                line = c.readLine();
            } catch (TestClient.LineTimeout t) {
                failure.fail(at, at.session(), tag + " ...", "nothing within the timeout");
                return "";
            }
            if (line == null) {
                failure.fail(at, at.session(), tag + " ...", "<closed>");
                return "";
            }
            if (line.startsWith(tag + " ") || (orContinuation && line.startsWith("+"))) return line;
        }
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
