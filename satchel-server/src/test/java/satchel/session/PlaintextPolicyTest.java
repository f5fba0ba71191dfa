package satchel.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import satchel.auth.Authenticator;
import satchel.auth.Passwords;
import satchel.store.memory.MemoryMailStore;

/**
 * RFC 3501 §6.2.3 / RFC 9051 §6.2.3: before TLS on a connection that is not loopback, LOGINDISABLED is
 * advertised and plaintext LOGIN / AUTHENTICATE PLAIN are refused, unless the configuration allows them.
 */
class PlaintextPolicyTest {
    private final MemoryMailStore store = new MemoryMailStore();
    private Thread session;
    private OutputStream toServer;
    private BufferedReader fromServer;

    @AfterEach void stop() throws Exception {
        toServer.close();
        session.join(Duration.ofSeconds(10));
        store.close();
    }

    private void connect(boolean plaintextAllowed) throws Exception {
        store.createUser("alice", Passwords.hash("pw"), null);
        PipedInputStream serverIn = new PipedInputStream(1 << 16);
        toServer = new PipedOutputStream(serverIn);
        PipedInputStream clientIn = new PipedInputStream(1 << 16);
        OutputStream serverOut = new PipedOutputStream(clientIn);
        fromServer = new BufferedReader(new InputStreamReader(clientIn, StandardCharsets.US_ASCII));
        SessionConfig d = SessionConfig.defaults();
        SessionConfig config = new SessionConfig(plaintextAllowed, d.loginTimeout(), d.idleTimeout(), d.beforeLogin(), d.afterLogin());
        var imap = new ImapSession(store, new Authenticator(store), config, new RemoteInsecure(serverIn, serverOut));
        session = Thread.ofVirtual().start(() -> imap.run(new ImapSession.Greeting.Ok()));
    }

    private String send(String line) throws IOException {
        toServer.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        toServer.flush();
        return fromServer.readLine();
    }

    @Test void remotePlaintextIsRefusedButScramIsOffered() throws Exception {
        connect(false);
        String greeting = fromServer.readLine();
        assertThat(greeting).startsWith("* OK [CAPABILITY ").contains("LOGINDISABLED", "STARTTLS", "AUTH=SCRAM-SHA-256")
                .doesNotContain("AUTH=PLAIN");
        assertThat(send("a LOGIN alice pw")).startsWith("a NO [PRIVACYREQUIRED]");
        String plain = Base64.getEncoder().encodeToString("\0alice\0pw".getBytes(StandardCharsets.UTF_8));
        assertThat(send("b AUTHENTICATE PLAIN " + plain)).startsWith("b NO [PRIVACYREQUIRED]");
        // still not authenticated: a selected-state command is refused
        assertThat(send("c SELECT INBOX")).startsWith("c BAD");
    }

    @Test void configurationMayAllowIt() throws Exception {
        connect(true);
        assertThat(fromServer.readLine()).contains("AUTH=PLAIN").doesNotContain("LOGINDISABLED");
        assertThat(send("a LOGIN alice pw")).startsWith("a OK");
    }

    /** A connection from another host, without TLS yet. */
    private record RemoteInsecure(InputStream input, OutputStream output) implements Transport {
        @Override public boolean secure() { return false; }
        @Override public boolean loopback() { return false; }
        @Override public String remoteAddress() { return "192.0.2.1"; }
        @Override public boolean tlsAvailable() { return true; }
        @Override public void startTls() throws IOException { throw new IOException("no TLS in this test"); }
        @Override public void setReadTimeout(Duration timeout) {}
        @Override public void close() {
            try {
                output.close();
            } catch (IOException ignored) {
                // already closed by the test
            }
        }
    }
}
