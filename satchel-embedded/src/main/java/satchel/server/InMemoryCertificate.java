package satchel.server;

import java.io.IOException;
import java.net.Socket;
import java.security.Principal;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import javax.net.ssl.SSLEngine;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A self-signed certificate ({@link SelfSignedX509}: EC P-256, CN and SAN localhost, SAN 127.0.0.1 and ::1, the
 * usual validity) generated and kept in memory only: for an embedded server, which must write nothing to disk
 * and listens on loopback only (so no host name lookup either). One per JVM ({@link #shared}), shared by every
 * embedded server of the process, and generated on first need (the first TLS handshake, {@link #certificate},
 * {@link #clientContext}), not at start: a test suite that never uses TLS never pays for the key, and a suite
 * that starts many servers pays once. Written with the JDK alone: BouncyCastle's signed jars cost a cold JVM
 * more CPU to verify than the rest of a start.
 */
public final class InMemoryCertificate {
    private static InMemoryCertificate shared; // guarded by the class

    private record Pair(X509Certificate certificate, PrivateKey key, X509ExtendedKeyManager keys) {}

    private final FutureTask<Pair> pair = new FutureTask<>(InMemoryCertificate::generate);

    private InMemoryCertificate() {}

    /** The JVM's certificate, generated when first needed. */
    public static synchronized InMemoryCertificate shared() {
        if (shared == null) shared = new InMemoryCertificate();
        return shared;
    }

    private static Pair generate() throws IOException {
        try {
            KeyPair keys = SelfSignedX509.keyPair();
            X509Certificate cert = SelfSignedX509.create(keys, List.of("localhost"));
            return new Pair(cert, keys.getPrivate(), keyManager(cert, keys.getPrivate()));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot generate a self-signed certificate: " + e.getMessage(), e);
        }
    }

    /** Generates on the first call (the caller's thread); later and concurrent callers get that result. */
    private Pair pair() {
        pair.run(); // a no-op once it ran, or while another thread runs it
        try {
            return pair.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while generating the TLS certificate", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        }
    }

    /** Generates it on first use. */
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

    /** The server side; its leaf is null until generated, the key manager generates it at the first handshake. */
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

    /** Hands every question to the generated key manager, generating it first. */
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
