package satchel.server;

import java.io.IOException;
import java.net.Socket;
import java.security.Principal;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import javax.net.ssl.SSLEngine;
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
 * server, which must write nothing to disk. One per JVM ({@link #shared}), generated on a background thread from
 * the first call: loading BouncyCastle (signed jars, which class data sharing cannot archive) is most of a cold
 * start, so a server starts without waiting for it and the first TLS handshake waits instead.
 */
public final class InMemoryCertificate {
    private static InMemoryCertificate shared; // guarded by the class

    private record Pair(X509Certificate certificate, PrivateKey key, X509ExtendedKeyManager keys) {}

    private final FutureTask<Pair> pair = new FutureTask<>(InMemoryCertificate::generate);

    private InMemoryCertificate() {}

    /** The JVM's certificate, its generation started on first use. */
    public static synchronized InMemoryCertificate shared() {
        if (shared == null) {
            shared = new InMemoryCertificate();
            Thread.ofPlatform().name("tls-init").daemon().start(shared.pair);
        }
        return shared;
    }

    private static Pair generate() throws IOException {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair keys = generator.generateKeyPair();
            X509Certificate cert = new JcaX509CertificateConverter()
                    .getCertificate(SelfSignedCertificate.certificate(keys));
            return new Pair(cert, keys.getPrivate(), keyManager(cert, keys.getPrivate()));
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot generate a self-signed certificate: " + e.getMessage(), e);
        }
    }

    private Pair pair() {
        try {
            return pair.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while generating the TLS certificate", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        }
    }

    /** Waits for the generation if it is still running. */
    public X509Certificate certificate() {
        return pair().certificate();
    }

    /** A client context that trusts this certificate (and nothing else). */
    public SSLContext clientContext() {
        try {
            KeyStore trust = KeyStore.getInstance("JKS"); // in memory only
            trust.load(null, null);
            trust.setCertificateEntry("satchel", certificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), new SecureRandom());
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a client TLS context: " + e.getMessage(), e);
        }
    }

    /** The server side; its leaf is null until generated, the key manager waits for it at the first handshake. */
    CertificateReloader reloader() throws IOException {
        return CertificateReloader.fixed(new Waiting(), pair.isDone() ? certificate() : null);
    }

    private static X509ExtendedKeyManager keyManager(X509Certificate certificate, PrivateKey key)
            throws GeneralSecurityException, IOException {
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
    }

    /** Hands every question to the generated key manager, waiting for it. */
    private final class Waiting extends X509ExtendedKeyManager {
        @Override public String[] getClientAliases(String keyType, Principal[] issuers) {
            return null; // a server only
        }

        @Override public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override public String[] getServerAliases(String keyType, Principal[] issuers) {
            return pair().keys().getServerAliases(keyType, issuers);
        }

        @Override public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return pair().keys().chooseServerAlias(keyType, issuers, socket);
        }

        @Override public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return pair().keys().chooseEngineServerAlias(keyType, issuers, engine);
        }

        @Override public X509Certificate[] getCertificateChain(String alias) {
            return pair().keys().getCertificateChain(alias);
        }

        @Override public PrivateKey getPrivateKey(String alias) {
            return pair().keys().getPrivateKey(alias);
        }
    }
}
