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
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.auth.Authenticator;
import satchel.auth.BearerTokens;
import satchel.auth.Passwords;
import satchel.auth.TestIssuer;
import satchel.store.memory.MemoryMailStore;

/** A bearer token is as good as a password: without TLS from another host it is neither offered nor taken. */
class BearerPlaintextTest {
    @TempDir Path dir;
    private final MemoryMailStore store = new MemoryMailStore();
    private Thread session;
    private OutputStream toServer;
    private BufferedReader fromServer;

    @AfterEach void stop() throws Exception {
        toServer.close();
        session.join(Duration.ofSeconds(10));
        store.close();
    }

    private String send(String line) throws IOException {
        toServer.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        toServer.flush();
        return fromServer.readLine();
    }

    @Test void remoteInsecureConnectionGetsNoBearerMechanisms() throws Exception {
        var issuer = new TestIssuer(dir);
        store.createUser("alice@example.com", Passwords.hash("pw"), null);
        PipedInputStream serverIn = new PipedInputStream(1 << 16);
        toServer = new PipedOutputStream(serverIn);
        PipedInputStream clientIn = new PipedInputStream(1 << 16);
        OutputStream serverOut = new PipedOutputStream(clientIn);
        fromServer = new BufferedReader(new InputStreamReader(clientIn, StandardCharsets.US_ASCII));
        var auth = new Authenticator(store).withBearerTokens(BearerTokens.load(issuer.config()));
        var imap = new ImapSession(store, auth, SessionConfig.defaults(), new RemoteInsecure(serverIn, serverOut));
        session = Thread.ofVirtual().start(() -> imap.run(new ImapSession.Greeting.Ok()));

        assertThat(fromServer.readLine()).startsWith("* OK [CAPABILITY ").doesNotContain("OAUTHBEARER", "XOAUTH2");
        String ir = Base64.getEncoder().encodeToString(("n,a=alice@example.com,\u0001auth=Bearer "
                + issuer.token("alice@example.com") + "\u0001\u0001").getBytes(StandardCharsets.UTF_8));
        assertThat(send("a AUTHENTICATE OAUTHBEARER " + ir)).startsWith("a NO [PRIVACYREQUIRED]");
        assertThat(send("b SELECT INBOX")).startsWith("b BAD");
    }

    /** A connection from another host, without TLS yet. */
    private record RemoteInsecure(InputStream input, OutputStream output) implements Transport {
        @Override public boolean secure() { return false; }
        @Override public boolean loopback() { return false; }
        @Override public String remoteAddress() { return "192.0.2.1"; }
        @Override public boolean tlsAvailable() { return false; }
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
