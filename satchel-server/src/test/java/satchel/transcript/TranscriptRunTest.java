package satchel.transcript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The runner itself, against a scripted fake server, so it is tested without Satchel or Dovecot. */
class TranscriptRunTest {
    private ServerSocket listener;
    private final List<String> received = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach void start() throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!listener.isClosed()) {
                try {
                    Socket s = listener.accept();
                    Thread.ofVirtual().start(() -> serve(s));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    @AfterEach void stop() throws IOException {
        listener.close();
    }

    /** Greets, then answers by command name; each answer is one write, as a real server flushes it. */
    private void serve(Socket s) {
        try (s; var in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))) {
            OutputStream out = s.getOutputStream();
            out.write("* OK [CAPABILITY IMAP4rev1] fake ready\r\n".getBytes(StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                received.add(line);
                String[] w = line.split(" ", 3);
                String tag = w[0];
                String reply = switch (w.length > 1 ? w[1] : "") {
                    case "LOGIN" -> tag + " OK logged in\r\n";
                    case "NOOP" -> "* 2 EXISTS\r\n* OK [UIDVALIDITY 77] v\r\n* 1 RECENT\r\n" + tag + " OK done\r\n";
                    case "EXTRA" -> tag + " OK done\r\n* 9 EXISTS\r\n";
                    case "LOGOUT" -> "* BYE bye\r\n" + tag + " OK bye\r\n";
                    default -> tag + " BAD unknown\r\n";
                };
                out.write(reply.getBytes(StandardCharsets.UTF_8));
                if (reply.startsWith("* BYE")) return;
            }
        } catch (IOException ignored) {
            // the client went away
        }
    }

    private void run(String text) throws Exception {
        var t = TranscriptParser.parse("test.imap", text, name -> new byte[0]);
        var addr = new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort());
        var target = new ExternalTarget("external", addr, null, List.of("u1", "u2"), "pw",
                new java.util.concurrent.atomic.AtomicInteger());
        new TranscriptRun(t, target, Duration.ofSeconds(10)).run();
    }

    @Test void capturesUnorderedOptionalAndUserMapping() throws Exception {
        run("""
                !user alice secret
                S: * OK [CAPABILITY *IMAP4rev1*] *
                C: a1 LOGIN alice secret
                S: a1 OK *
                C: a2 NOOP
                S?: * 0 RECENT
                unordered {
                  S: * 1 RECENT
                  S: * OK [UIDVALIDITY ${v}] *
                  S: * 2 EXISTS
                }
                S: a2 OK done
                C: a3 NOOP ${v}
                S: * 2 EXISTS
                S: * OK [UIDVALIDITY ${v}] v
                S: * 1 RECENT
                S: a3 OK *
                C: a4 LOGOUT
                S: * BYE *
                S: a4 OK *
                S: <closed>
                """);
        assertThat(received).contains("a1 LOGIN u1 pw", "a3 NOOP 77");
    }

    @Test void mismatchNamesFileLineAndConversation() {
        assertThatThrownBy(() -> run("""
                C: a1 FOO
                S: a1 OK *
                """)).isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("test.imap:2 @a")
                .hasMessageContaining("expected: a1 OK *")
                .hasMessageContaining("actual:   a1 BAD unknown")
                .hasMessageContaining("C: a1 FOO");
    }

    @Test void unexpectedLineBeforeTheTaggedOneFails() {
        assertThatThrownBy(() -> run("""
                C: a1 NOOP
                S: * 2 EXISTS
                S: * OK [UIDVALIDITY 77] v
                S: a1 OK done
                """)).isInstanceOf(AssertionFailedError.class).hasMessageContaining("actual:   * 1 RECENT");
    }

    @Test void linesLeftAtEndOfFileFail() {
        assertThatThrownBy(() -> run("""
                C: a1 EXTRA
                S: a1 OK done
                """)).isInstanceOf(AssertionFailedError.class).hasMessageContaining("* 9 EXISTS");
    }

    @Test void literalCountFollowsMappedPassword() throws Exception {
        run("""
                !user alice secret
                C: a1 LOGIN alice {6+}
                C: secret
                S: a1 OK *
                S: pw BAD *
                """);
        // the fake reads lines, so the literal shows up as the next "command"
        assertThat(received).containsSubsequence("a1 LOGIN u1 {2+}", "pw");
    }
}
