package satchel.server;

import java.io.IOException;
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
import javax.net.ssl.SSLSocket;
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
    /**
     * A server context's trust managers would only judge client certificates, which {@link #serverMode} never asks
     * for. None given, rather than null: null makes the JDK load and parse its whole CA store (cacerts) for nothing,
     * a tenth of a second and more of a cold start's CPU.
     */
    private static final javax.net.ssl.TrustManager[] NO_CLIENT_CERTIFICATES = {};

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
            case Tls.Pem pem -> new Path[] {readable("tls.certificate", pem.certificateChain()),
                    readable("tls.private-key", pem.privateKey())};
            case Tls.SelfSigned _ -> {
                Path dir = dataDir.resolve(SELF_SIGNED_DIR);
                Path cert = dir.resolve(CERT_FILE);
                Path key = dir.resolve(KEY_FILE);
                try {
                    if (!Files.exists(cert) || !Files.exists(key)) SelfSignedCertificate.generate(cert, key);
                } catch (IOException e) {
                    throw satchel.config.PathErrors.of("data-dir (--data)", "write a self-signed certificate in", dir, e);
                }
                yield new Path[] {readable("data-dir (--data)", cert), readable("data-dir (--data)", key)};
            }
        };
    }

    /**
     * {@code file}, checked readable now, so the error names the setting, the path and the reason (the JDK's
     * says only the path, or only "Is a directory").
     */
    private static Path readable(String setting, Path file) throws IOException {
        if (Files.isDirectory(file)) throw new IOException(setting + ": cannot read " + file + ": is a directory");
        try (var ignored = Files.newByteChannel(file)) {
            return file;
        } catch (IOException e) {
            throw satchel.config.PathErrors.of(setting, "read", file, e);
        }
    }

    /** A context whose certificate comes from {@code keys}, asked afresh at every handshake. */
    static SSLContext withKeyManager(javax.net.ssl.KeyManager keys) throws IOException {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new javax.net.ssl.KeyManager[] {keys}, NO_CLIENT_CERTIFICATES, new SecureRandom());
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
            // JKS, in memory only: PKCS12 would encrypt the key with PBKDF2 (10,000 rounds) to hand it to the
            // key manager, which decrypts it again, and load the SunJCE provider for it: ~0.2 s at start-up.
            KeyStore store = KeyStore.getInstance("JKS");
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
            KeyStore store = KeyStore.getInstance("JKS"); // in memory only, as above
            store.load(null, null);
            char[] password = new char[0];
            store.setKeyEntry("server", key, password, chain.toArray(X509Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), NO_CLIENT_CERTIFICATES, new SecureRandom());
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

    private static String[] supported(String[] available) {
        List<String> all = Arrays.asList(available);
        return Arrays.stream(PROTOCOLS).filter(all::contains).toArray(String[]::new);
    }

    /**
     * The chain in {@code file}. Plain PEM certificates are read with the JDK; anything else goes to BouncyCastle
     * ({@link BcPem}), which is only loaded then: its signed jars cannot be class-data-shared, so loading it
     * costs a good part of a second at start-up.
     */
    static List<X509Certificate> readChain(Path file) throws IOException {
        List<X509Certificate> chain = new ArrayList<>();
        try {
            var factory = java.security.cert.CertificateFactory.getInstance("X.509");
            for (byte[] der : pemBlocks(Files.readString(file, StandardCharsets.ISO_8859_1), "CERTIFICATE")) {
                chain.add((X509Certificate) factory.generateCertificate(new java.io.ByteArrayInputStream(der)));
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            chain.clear();
        }
        return chain.isEmpty() ? BcPem.readChain(file) : chain;
    }

    /** The key in {@code file}: an unencrypted PKCS#8 key with the JDK, any other form with {@link BcPem}. */
    static PrivateKey readKey(Path file) throws IOException {
        List<byte[]> keys = pemBlocks(Files.readString(file, StandardCharsets.ISO_8859_1), "PRIVATE KEY");
        if (keys.size() == 1) {
            var spec = new java.security.spec.PKCS8EncodedKeySpec(keys.getFirst());
            for (String algorithm : new String[] {"EC", "RSA", "Ed25519", "Ed448", "RSASSA-PSS"}) {
                try {
                    return java.security.KeyFactory.getInstance(algorithm).generatePrivate(spec);
                } catch (GeneralSecurityException | RuntimeException e) {
                    // not this algorithm: try the next
                }
            }
        }
        return BcPem.readKey(file);
    }

    /** The Base64 bodies between "-----BEGIN label-----" and "-----END label-----", decoded. */
    private static List<byte[]> pemBlocks(String text, String label) {
        String begin = "-----BEGIN " + label + "-----", end = "-----END " + label + "-----";
        List<byte[]> out = new ArrayList<>();
        for (int at = text.indexOf(begin); at >= 0; at = text.indexOf(begin, at)) {
            int stop = text.indexOf(end, at);
            if (stop < 0) break;
            out.add(java.util.Base64.getMimeDecoder().decode(text.substring(at + begin.length(), stop)));
            at = stop + end.length();
        }
        return out;
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
