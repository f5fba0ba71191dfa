package satchel.server;

import java.io.IOException;
import java.io.Reader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import satchel.config.Tls;

/**
 * Server {@link SSLContext}s from PEM files (certificate chain, leaf first, and a PKCS#8, PKCS#1 RSA or SEC1
 * EC private key: what Let's Encrypt and openssl write), or from a self-signed certificate generated on first
 * start and kept in {@code dataDir/tls/}. Only TLS 1.2 and 1.3 are enabled on sockets.
 */
public final class TlsContexts {
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    static final String SELF_SIGNED_DIR = "tls";
    static final String CERT_FILE = "cert.pem";
    static final String KEY_FILE = "key.pem";

    private TlsContexts() {}

    public static SSLContext forConfig(Tls tls, Path dataDir) throws IOException {
        return switch (tls) {
            case Tls.Pem pem -> load(pem.certificateChain(), pem.privateKey());
            case Tls.SelfSigned _ -> selfSigned(dataDir.resolve(SELF_SIGNED_DIR));
        };
    }

    /** The PEM files a configuration uses (generating the self-signed pair first if needed): chain, then key. */
    static Path[] files(Tls tls, Path dataDir) throws IOException {
        return switch (tls) {
            case Tls.Pem pem -> new Path[] {pem.certificateChain(), pem.privateKey()};
            case Tls.SelfSigned _ -> {
                Path dir = dataDir.resolve(SELF_SIGNED_DIR);
                Path cert = dir.resolve(CERT_FILE);
                Path key = dir.resolve(KEY_FILE);
                if (!Files.exists(cert) || !Files.exists(key)) SelfSignedCertificate.generate(cert, key);
                yield new Path[] {cert, key};
            }
        };
    }

    /** A context whose certificate comes from {@code keys}, asked afresh at every handshake. */
    static SSLContext withKeyManager(javax.net.ssl.KeyManager keys) throws IOException {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new javax.net.ssl.KeyManager[] {keys}, null, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** The key manager for a PEM pair, checked to belong together. */
    static javax.net.ssl.X509ExtendedKeyManager keyManager(Path certificateChain, Path privateKey) throws IOException {
        List<X509Certificate> chain = readChain(certificateChain);
        PrivateKey key = readKey(privateKey);
        try {
            checkPair(chain.getFirst(), key);
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = new char[0];
            store.setKeyEntry("server", key, password, chain.toArray(X509Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, password);
            for (var km : kmf.getKeyManagers()) {
                if (km instanceof javax.net.ssl.X509ExtendedKeyManager x) return x;
            }
            throw new GeneralSecurityException("no X.509 key manager available");
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot use " + certificateChain + " with " + privateKey + ": " + e.getMessage(), e);
        }
    }

    /** Loads the pair in {@code dir}, generating it first when it is not there yet. */
    public static SSLContext selfSigned(Path dir) throws IOException {
        Path cert = dir.resolve(CERT_FILE);
        Path key = dir.resolve(KEY_FILE);
        if (!Files.exists(cert) || !Files.exists(key)) SelfSignedCertificate.generate(cert, key);
        return load(cert, key);
    }

    public static SSLContext load(Path certificateChain, Path privateKey) throws IOException {
        List<X509Certificate> chain = readChain(certificateChain);
        PrivateKey key = readKey(privateKey);
        try {
            checkPair(chain.getFirst(), key);
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = new char[0];
            store.setKeyEntry("server", key, password, chain.toArray(X509Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot use " + certificateChain + " with " + privateKey + ": " + e.getMessage(), e);
        }
    }

    /** Server mode, TLS 1.2+ and no client certificates, before the handshake. */
    static void serverMode(SSLSocket socket) {
        socket.setUseClientMode(false);
        socket.setNeedClientAuth(false);
        socket.setEnabledProtocols(supported(socket.getSupportedProtocols()));
    }

    static void serverMode(SSLServerSocket socket) {
        socket.setNeedClientAuth(false);
        socket.setEnabledProtocols(supported(socket.getSupportedProtocols()));
    }

    private static String[] supported(String[] available) {
        List<String> all = Arrays.asList(available);
        return Arrays.stream(PROTOCOLS).filter(all::contains).toArray(String[]::new);
    }

    static List<X509Certificate> readChain(Path file) throws IOException {
        List<X509Certificate> chain = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(r)) {
            var converter = new JcaX509CertificateConverter();
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof X509CertificateHolder holder) chain.add(converter.getCertificate(holder));
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IOException(file + ": not a PEM certificate chain: " + e.getMessage(), e);
        }
        if (chain.isEmpty()) throw new IOException(file + ": no certificate found");
        return chain;
    }

    static PrivateKey readKey(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(r)) {
            var converter = new JcaPEMKeyConverter();
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                switch (o) {
                    case PEMKeyPair pair -> { return converter.getPrivateKey(pair.getPrivateKeyInfo()); } // PKCS#1, SEC1
                    case PrivateKeyInfo info -> { return converter.getPrivateKey(info); } // PKCS#8
                    case PEMEncryptedKeyPair _, PKCS8EncryptedPrivateKeyInfo _ ->
                            throw new IOException(file + ": encrypted private keys are not supported");
                    default -> { } // e.g. "EC PARAMETERS" before an EC key, as openssl ecparam -genkey writes
                }
            }
        } catch (RuntimeException e) {
            throw new IOException(file + ": not a PEM private key: " + e.getMessage(), e);
        }
        throw new IOException(file + ": no private key found");
    }

    /** Fails early, with a clear message, when the key does not belong to the leaf certificate. */
    private static void checkPair(X509Certificate leaf, PrivateKey key) throws GeneralSecurityException {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null) return;
        byte[] probe = new BigInteger(64, new SecureRandom()).toByteArray();
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(probe);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(leaf.getPublicKey());
        verifier.update(probe);
        if (!verifier.verify(signature)) {
            throw new GeneralSecurityException("the private key does not match the first certificate");
        }
    }
}
