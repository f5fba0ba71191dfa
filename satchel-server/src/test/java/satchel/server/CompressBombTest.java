package satchel.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.TestClient;
import satchel.auth.Passwords;
import satchel.config.ServerConfig;

/**
 * Issue 10, COMPRESS=DEFLATE (RFC 4978): a small compressed stream may inflate to gigabytes. What one command may
 * make the server inflate is bounded (an endless line ends with BYE after 16 × limits.line-bytes), and a corrupt
 * stream ends with BYE rather than a silent close. The bytes the session read after inflation come from the
 * server's own count, reported to /metrics when the session ends.
 */
class CompressBombTest {
    @TempDir Path dir;
    private ImapServer server;

    @BeforeEach void start() throws Exception {
        server = ImapServer.start(ServerConfig.defaults(dir).withImap("127.0.0.1:0").withImaps(null)
                .withMetrics("127.0.0.1:0"));
        server.store().createUser("alice", Passwords.hash("secret"), null);
    }

    @AfterEach void stop() {
        server.close();
    }

    private TestClient compressed() throws Exception {
        TestClient c = TestClient.login(server.imapAddress(), "alice", "secret");
        assertThat(c.command("z", "COMPRESS DEFLATE").getLast()).startsWith("z OK");
        return c;
    }

    /** satchel_network_received_bytes_total once the session has ended (bounded wait). */
    private double inflatedBytesRead() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create("http://127.0.0.1:" + server.metricsAddress().getPort() + "/metrics");
        for (int i = 0; i < 200; i++) {
            String text = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = Pattern.compile("(?m)^satchel_network_received_bytes_total (\\S+)").matcher(text);
            if (m.find() && Double.parseDouble(m.group(1)) > 0) return Double.parseDouble(m.group(1));
            Thread.sleep(50);
        }
        return Double.NaN;
    }

    @Test void anEndlessLineEndsWithByeAfterABoundedAmountInflated() throws Exception {
        long sent;
        String answer;
        try (TestClient c = compressed()) {
            c.compress();
            byte[] as = new byte[1 << 20];
            Arrays.fill(as, (byte) 'A');
            var stop = new java.util.concurrent.atomic.AtomicBoolean();
            var written = new java.util.concurrent.atomic.AtomicLong();
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    c.write("b NOOP ".getBytes(StandardCharsets.US_ASCII));
                    for (int i = 0; i < 256 && !stop.get(); i++) { // a line of up to 256 MiB that never ends
                        c.write(as);
                        written.addAndGet(as.length);
                    }
                } catch (java.io.IOException closed) {
                    // the server hung up, as it should
                }
            });
            answer = c.readLine();
            stop.set(true);
            writer.join(30_000);
            sent = written.get();
        }
        assertThat(answer).isEqualTo("* BYE Line too long");
        double read = inflatedBytesRead();
        // Login, COMPRESS, then at most 16 × 64 KiB of the line (plus one read buffer), whatever was sent.
        assertThat(read).isLessThan(17 * 64 * 1024 + 16 * 1024);
        assertThat(sent).isGreaterThan((long) read);
    }

    @Test void aCorruptStreamEndsWithBye() throws Exception {
        try (TestClient c = compressed()) {
            // BFINAL=1 with the reserved block type 11: invalid from the first byte (RFC 1951 §3.2.3).
            c.rawOutput().write(new byte[] {(byte) 0xff, (byte) 0xff, 0x13, 0x37});
            c.rawOutput().flush();
            c.compress();
            assertThat(c.readLine()).isEqualTo("* BYE Corrupt compressed data");
        }
    }

    @Test void compressionStillWorksForHonestClients() throws Exception {
        try (TestClient c = compressed()) {
            c.compress();
            byte[] m = AppendSpoolTest.message("deflated", 3 << 20);
            c.announce("a", "APPEND INBOX", m.length);
            c.write(m);
            c.send("");
            assertThat(c.until("a ").getLast()).startsWith("a OK [APPENDUID");
            assertThat(c.command("s", "SELECT INBOX").getLast()).startsWith("s OK");
            assertThat(c.fetchBody("f", 1)).isEqualTo(m);
        }
    }
}
