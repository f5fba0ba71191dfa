package satchel.ext;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import satchel.TestClient;
import satchel.embedded.Satchel;
import satchel.junit.SatchelExtension;

/**
 * COMPRESS=DEFLATE (RFC 4978) followed by IDLE (RFC 2177): updates pushed while idling must be flushed through
 * the compressor at once (a full flush per write, RFC 4978 §4), or the idling client never sees them.
 */
class CompressIdleTest {
    @RegisterExtension static final SatchelExtension mail = SatchelExtension.perMethod().user("alice", "secret");

    @Test void idleUpdatesArriveThroughDeflate(Satchel server) throws Exception {
        try (var a = TestClient.connect(server.host(), server.imapPort());
             var b = TestClient.connect(server.host(), server.imapPort())) {
            a.readLine();
            b.readLine();
            assertThat(a.command("a1", "LOGIN alice secret").getLast()).startsWith("a1 OK");
            assertThat(a.command("a2", "COMPRESS DEFLATE").getLast()).startsWith("a2 OK");
            a.compress();
            assertThat(a.command("a3", "CAPABILITY").getFirst()).contains("IMAP4rev1");
            assertThat(a.command("a4", "COMPRESS DEFLATE").getLast()).startsWith("a4 NO [COMPRESSIONACTIVE]");
            assertThat(a.command("a5", "SELECT INBOX")).contains("* 0 EXISTS");
            a.send("a6 IDLE");
            assertThat(a.readLine()).startsWith("+ ");

            assertThat(b.command("b1", "LOGIN alice secret").getLast()).startsWith("b1 OK");
            b.send("b2 APPEND INBOX {6+}\r\nHello!");
            assertThat(b.until("b2 ").getLast()).startsWith("b2 OK [APPENDUID");
            assertThat(a.readLine()).isEqualTo("* 1 EXISTS");
            assertThat(a.readLine()).isEqualTo("* 1 RECENT");

            // DONE and the next command in one write, as Apple Mail sends them.
            a.send("DONE\r\na7 FETCH 1 (BODY.PEEK[])");
            List<String> fetched = a.until("a7 ");
            assertThat(fetched.getFirst()).isEqualTo("a6 OK IDLE terminated");
            assertThat(fetched).contains("Hello!)");
            assertThat(fetched.getLast()).startsWith("a7 OK");
        }
    }
}
