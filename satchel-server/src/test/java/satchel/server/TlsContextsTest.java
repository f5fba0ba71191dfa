package satchel.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import satchel.config.Tls;

class TlsContextsTest {
    @TempDir Path dir;

    @Test void selfSignedIsGeneratedOnceAndReused() throws Exception {
        SSLContext first = TlsContexts.forConfig(new Tls.SelfSigned(), dir);
        Path cert = dir.resolve("tls/cert.pem");
        Path key = dir.resolve("tls/key.pem");
        assertThat(cert).exists();
        assertThat(key).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        String pem = Files.readString(cert);

        SSLContext second = TlsContexts.forConfig(new Tls.SelfSigned(), dir);
        assertThat(Files.readString(cert)).isEqualTo(pem);
        Certificate[] a = serverChain(first);
        Certificate[] b = serverChain(second);
        assertThat(b[0]).isEqualTo(a[0]);

        X509Certificate leaf = (X509Certificate) a[0];
        assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
        assertThat(leaf.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))))
                .contains("localhost", "127.0.0.1");
        assertThat(leaf.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(leaf.getNotAfter().toInstant())
                .isAfter(leaf.getNotBefore().toInstant().plus(SelfSignedX509.VALIDITY.minusDays(2)));
    }

    /** The forms Let's Encrypt, certbot and openssl write: PKCS#8 ("PRIVATE KEY"), PKCS#1 RSA, SEC1 EC. */
    @ParameterizedTest
    @ValueSource(strings = {"rsa-pkcs8", "rsa-pkcs1", "ec-pkcs8", "ec-sec1"})
    void loadsPemPairs(String form) throws Exception {
        KeyPair caKeys = TestTls.rsa();
        X509CertificateHolder ca = TestTls.certificate("Test CA", caKeys, "Test CA", caKeys.getPrivate(), true);
        KeyPair leafKeys = form.startsWith("rsa") ? TestTls.rsa() : TestTls.ec();
        X509CertificateHolder leaf = TestTls.certificate("mail.example.org", leafKeys, "Test CA", caKeys.getPrivate(), false);
        Path chain = TestTls.writePem(dir.resolve("fullchain.pem"), leaf, ca);
        Path keyFile = switch (form) {
            case "rsa-pkcs1" -> TestTls.writePem(dir.resolve("privkey.pem"), leafKeys);
            case "ec-sec1" -> TestTls.writePem(dir.resolve("privkey.pem"), TestTls.ecParameters(), TestTls.sec1(leafKeys));
            default -> TestTls.writePem(dir.resolve("privkey.pem"),
                    new JcaPKCS8Generator(leafKeys.getPrivate(), null).generate());
        };
        String expectedHeader = switch (form) {
            case "rsa-pkcs1" -> "-----BEGIN RSA PRIVATE KEY-----";
            case "ec-sec1" -> "-----BEGIN EC PARAMETERS-----";
            default -> "-----BEGIN PRIVATE KEY-----";
        };
        assertThat(Files.readString(keyFile)).startsWith(expectedHeader);

        Certificate[] served = serverChain(TlsContexts.forConfig(new Tls.Pem(chain, keyFile), dir));
        assertThat(served).hasSize(2);
        assertThat(served[0]).isEqualTo(TestTls.x509(leaf));
        assertThat(served[1]).isEqualTo(TestTls.x509(ca));
        assertThat(dir.resolve("tls")).doesNotExist();
    }

    @Test void keyOfAnotherCertificateIsRejected() throws Exception {
        KeyPair keys = TestTls.ec();
        Path cert = TestTls.writePem(dir.resolve("cert.pem"), TestTls.certificate("a", keys, "a", keys.getPrivate(), false));
        Path key = TestTls.writePem(dir.resolve("key.pem"), TestTls.sec1(TestTls.ec()));
        assertThatThrownBy(() -> TlsContexts.load(cert, key)).isInstanceOf(IOException.class)
                .hasMessageContaining("does not match");
    }

    @Test void encryptedKeysAreRejectedClearly() throws Exception {
        KeyPair keys = TestTls.ec();
        Path cert = TestTls.writePem(dir.resolve("cert.pem"), TestTls.certificate("a", keys, "a", keys.getPrivate(), false));
        var encryptor = new JceOpenSSLPKCS8EncryptorBuilder(PKCSObjectIdentifiers.pbeWithSHAAnd3_KeyTripleDES_CBC)
                .setPassword("pw".toCharArray()).build();
        Path key = TestTls.writePem(dir.resolve("key.pem"), new JcaPKCS8Generator(keys.getPrivate(), encryptor).generate());
        assertThatThrownBy(() -> TlsContexts.load(cert, key)).hasMessageContaining("encrypted private keys are not supported");
    }

    @Test void missingPiecesAreReported() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "");
        KeyPair keys = TestTls.ec();
        Path key = TestTls.writePem(dir.resolve("key.pem"), TestTls.sec1(keys));
        assertThatThrownBy(() -> TlsContexts.load(empty, key)).hasMessageContaining("no certificate found");
        Path cert = TestTls.writePem(dir.resolve("cert.pem"), TestTls.certificate("a", keys, "a", keys.getPrivate(), false));
        assertThatThrownBy(() -> TlsContexts.load(cert, empty)).hasMessageContaining("no private key found");
        assertThatThrownBy(() -> TlsContexts.load(dir.resolve("nope.pem"), key)).isInstanceOf(IOException.class);
    }

    /** Handshakes with the context over loopback and returns the chain the server presented. */
    private static Certificate[] serverChain(SSLContext server) throws Exception {
        try (ServerSocket listener = server.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            var accepted = CompletableFuture.supplyAsync(() -> {
                try (var s = (SSLSocket) listener.accept()) {
                    s.startHandshake();
                    return s.getSession().getProtocol();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            try (var client = (SSLSocket) TestTls.trustAllClient().getSocketFactory()
                    .createSocket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
                client.startHandshake();
                Certificate[] chain = client.getSession().getPeerCertificates();
                accepted.get();
                return chain;
            }
        }
    }
}
