package satchel.server;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.operator.OperatorCreationException;

/**
 * The {@link SelfSignedCertificate} (same names, same validity) generated and kept in memory only: for an embedded
 * server, which must write nothing to disk. One per JVM ({@link #shared}): key generation and BouncyCastle's class
 * loading are most of a cold start, and test servers have no reason to differ in their certificate.
 */
public final class InMemoryCertificate {
    private static volatile InMemoryCertificate shared;

    private final X509Certificate certificate;
    private final PrivateKey key;

    private InMemoryCertificate(X509Certificate certificate, PrivateKey key) {
        this.certificate = certificate;
        this.key = key;
    }

    /** The JVM's certificate, generated on first use. */
    public static InMemoryCertificate shared() throws IOException {
        InMemoryCertificate c = shared;
        if (c != null) return c;
        synchronized (InMemoryCertificate.class) {
            if (shared == null) shared = generate();
            return shared;
        }
    }

    static InMemoryCertificate generate() throws IOException {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            X509Certificate cert = new JcaX509CertificateConverter()
                    .getCertificate(SelfSignedCertificate.certificate(pair));
            return new InMemoryCertificate(cert, pair.getPrivate());
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot generate a self-signed certificate: " + e.getMessage(), e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** A client context that trusts this certificate (and nothing else). */
    public SSLContext clientContext() {
        try {
            KeyStore trust = KeyStore.getInstance("JKS"); // in memory only
            trust.load(null, null);
            trust.setCertificateEntry("satchel", certificate);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), new SecureRandom());
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a client TLS context: " + e.getMessage(), e);
        }
    }

    CertificateReloader reloader() throws IOException {
        return CertificateReloader.fixed(keyManager(), certificate);
    }

    private X509ExtendedKeyManager keyManager() throws IOException {
        try {
            KeyStore store = KeyStore.getInstance("JKS"); // as TlsContexts: no PKCS12 key encryption round trip
            store.load(null, null);
            char[] password = new char[0];
            store.setKeyEntry("server", key, password, new X509Certificate[] {certificate});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, password);
            for (var km : kmf.getKeyManagers()) {
                if (km instanceof X509ExtendedKeyManager x) return x;
            }
            throw new GeneralSecurityException("no X.509 key manager available");
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
    }
}
