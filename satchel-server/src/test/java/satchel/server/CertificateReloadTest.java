package satchel.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.auth.Passwords;
import satchel.config.ServerConfig;
import satchel.config.Tls;
import satchel.store.memory.MemoryMailStore;

/**
 * Renewing the certificate files while the server runs: a client connected before keeps working, a new one
 * (implicit TLS or STARTTLS) gets the new certificate, and a half-done renewal (key not matching) changes nothing.
 */
class CertificateReloadTest {
    @TempDir Path dir;
    private ImapServer server;

    @AfterEach void stop() {
        if (server != null) server.close();
    }

    /** Writes the pair the way certbot-like tools do: new files, then renamed over the old ones. */
    private void writePair(String cn, KeyPair keys, KeyPair certKeys) throws Exception {
        var cert = TestTls.certificate(cn, certKeys, cn, certKeys.getPrivate(), false);
        Path tmpKey = TestTls.writePem(dir.resolve("key.tmp"), keys.getPrivate());
        Path tmpCert = TestTls.writePem(dir.resolve("cert.tmp"), cert);
        Files.move(tmpKey, dir.resolve("key.pem"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.move(tmpCert, dir.resolve("cert.pem"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String cn(X509Certificate c) {
        return c.getSubjectX500Principal().getName();
    }

    private SSLSocket tls() throws Exception {
        var a = server.imapsAddress();
        var s = (SSLSocket) TestTls.trustAllClient().getSocketFactory().createSocket(a.getAddress(), a.getPort());
        s.setSoTimeout(10_000);
        s.startHandshake();
        return s;
    }

    private static String line(InputStream in) throws IOException {
        var b = new ByteArrayOutputStream();
        for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) if (c != '\r') b.write(c);
        return b.toString(StandardCharsets.UTF_8);
    }

    private static String command(SSLSocket s, String line) throws IOException {
        s.getOutputStream().write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        String tag = line.substring(0, line.indexOf(' ') + 1);
        String l;
        do l = line(s.getInputStream()); while (!l.startsWith(tag) && !l.isEmpty());
        return l;
    }

    @Test void newConnectionsGetTheRenewedCertificateOldOnesKeepWorking() throws Exception {
        KeyPair one = TestTls.rsa();
        writePair("one", one, one);
        var store = new MemoryMailStore();
        store.createUser("alice", Passwords.hash("pw"), null);
        server = ImapServer.start(ServerConfig.defaults(dir).withImap("off").withImaps("127.0.0.1:0")
                .withTls(new Tls.Pem(dir.resolve("cert.pem"), dir.resolve("key.pem")))
                .withTlsReloadInterval(Duration.ofMillis(20)), store);

        try (SSLSocket old = tls()) {
            assertThat(cn((X509Certificate) old.getSession().getPeerCertificates()[0])).isEqualTo("CN=one");
            assertThat(line(old.getInputStream())).startsWith("* OK");
            assertThat(command(old, "a LOGIN alice pw")).startsWith("a OK");

            KeyPair half = TestTls.rsa(); // a renewal caught half-way: new key, old certificate
            writePair("one", half, one);
            KeyPair two = TestTls.rsa();
            writePair("two", two, two);
            awaitCertificate("CN=two");

            try (SSLSocket fresh = tls()) {
                assertThat(cn((X509Certificate) fresh.getSession().getPeerCertificates()[0])).isEqualTo("CN=two");
                assertThat(line(fresh.getInputStream())).startsWith("* OK");
                assertThat(command(fresh, "b LOGIN alice pw")).startsWith("b OK");
            }
            assertThat(command(old, "c NOOP")).startsWith("c OK"); // the old connection never noticed
            assertThat(cn((X509Certificate) old.getSession().getPeerCertificates()[0])).isEqualTo("CN=one");
        }
    }

    @Test void aMismatchedPairKeepsThePreviousCertificate() throws Exception {
        KeyPair one = TestTls.rsa();
        writePair("one", one, one);
        var reloader = CertificateReloader.start(new Tls.Pem(dir.resolve("cert.pem"), dir.resolve("key.pem")), dir,
                Duration.ZERO);
        writePair("two", TestTls.rsa(), TestTls.rsa()); // key of another certificate
        assertThat(reloader.reloadIfChanged()).isFalse();
        assertThat(cn(reloader.certificate())).isEqualTo("CN=one");
        KeyPair three = TestTls.rsa();
        writePair("three", three, three);
        assertThat(reloader.reloadIfChanged()).isTrue();
        assertThat(cn(reloader.certificate())).isEqualTo("CN=three");
        assertThat(reloader.reloadIfChanged()).isFalse(); // nothing changed since
        reloader.close();
    }

    private void awaitCertificate(String cn) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!cn(server.certificate()).equals(cn)) {
            if (System.nanoTime() > end) throw new AssertionError("certificate not reloaded");
            Thread.sleep(10);
        }
    }

}
