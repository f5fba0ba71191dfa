package satchel.server;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import satchel.config.Tls;

/**
 * The server's certificate, reloaded without a restart: a background thread looks at the PEM files' size and
 * modification time every interval and, when they changed, loads the pair. New handshakes (implicit TLS and
 * STARTTLS) then get the new certificate; connections already open keep theirs. A pair that does not load
 * (e.g. the certificate renewed but the key not yet) is logged and the old one stays in use until the files
 * change again, so a renewal needs no downtime and a half-written renewal does no harm.
 */
final class CertificateReloader implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CertificateReloader.class);

    private final Path chain;
    private final Path key;
    private final SSLContext context;
    /** One loaded pair; aliases handed out carry the generation, so one handshake never mixes two pairs. */
    private record Gen(int id, X509ExtendedKeyManager km, X509Certificate leaf) {}

    private volatile Gen current;
    private volatile Gen previous;
    private String loadedStamp;
    private Thread watcher;
    private volatile boolean closed;

    private CertificateReloader(Path chain, Path key) throws IOException {
        this.chain = chain;
        this.key = key;
        this.loadedStamp = stamp();
        this.current = load(0);
        this.context = TlsContexts.withKeyManager(new Delegate());
    }

    /**
     * A pair held in memory, never reloaded (embedding: nothing on disk to watch). Its context is built at the first
     * handshake: an embedded server often serves none.
     */
    private CertificateReloader(X509ExtendedKeyManager km, X509Certificate leaf) {
        this.chain = null;
        this.key = null;
        this.current = new Gen(0, km, leaf);
        this.context = new LazySslContext(() -> TlsContexts.withKeyManager(new Delegate()));
    }

    static CertificateReloader fixed(X509ExtendedKeyManager km, X509Certificate leaf) throws IOException {
        return new CertificateReloader(km, leaf);
    }

    /** Loads the configured pair; with a positive interval, starts watching it. */
    static CertificateReloader start(Tls tls, Path dataDir, Duration interval) throws IOException {
        Path[] files = TlsContexts.files(tls, dataDir);
        CertificateReloader r = new CertificateReloader(files[0], files[1]);
        if (!interval.isZero()) {
            r.watcher = Thread.ofPlatform().name("tls-reload").daemon().start(() -> r.watch(interval));
        }
        return r;
    }

    SSLContext context() {
        return context;
    }

    /** The leaf certificate new handshakes present. */
    X509Certificate certificate() {
        return current.leaf();
    }

    private Gen load(int id) throws IOException {
        return new Gen(id, TlsContexts.keyManager(chain, key), TlsContexts.readChain(chain).getFirst());
    }

    /** Reloads now if the files changed since the last load attempt; true if a new pair is in use. */
    synchronized boolean reloadIfChanged() {
        if (chain == null) return false; // held in memory
        String now;
        try {
            now = stamp();
        } catch (IOException e) {
            return false; // e.g. renamed away for a moment during renewal: look again next time
        }
        if (now.equals(loadedStamp)) return false;
        loadedStamp = now;
        try {
            Gen next = load(current.id() + 1);
            previous = current;
            current = next;
            log.info("tls certificate reloaded from {}: {}", chain, certificate().getSubjectX500Principal());
            return true;
        } catch (IOException e) {
            log.warn("tls certificate not reloaded, keeping the previous one: {}", e.getMessage());
            return false;
        }
    }

    private String stamp() throws IOException {
        StringBuilder s = new StringBuilder();
        for (Path p : new Path[] {chain, key}) {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class); // follows symlinks (certbot)
            s.append(a.lastModifiedTime().toInstant()).append('/').append(a.size()).append('/').append(a.fileKey())
                    .append(';');
        }
        return s.toString();
    }

    private void watch(Duration interval) {
        while (!closed) {
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                return;
            }
            if (!closed) reloadIfChanged();
        }
    }

    @Override public void close() {
        closed = true;
        if (watcher != null) watcher.interrupt();
    }

    /** Asks the current pair at every handshake; aliases say which pair they came from. */
    private final class Delegate extends X509ExtendedKeyManager {
        private Gen gen(String alias) {
            int hash = alias == null ? -1 : alias.indexOf('#');
            if (hash < 0) return null;
            String id = alias.substring(0, hash);
            Gen c = current, p = previous;
            if (id.equals(String.valueOf(c.id()))) return c;
            return p != null && id.equals(String.valueOf(p.id())) ? p : null;
        }

        private static String local(String alias) {
            return alias.substring(alias.indexOf('#') + 1);
        }

        private static String tagged(Gen g, String alias) {
            return alias == null ? null : g.id() + "#" + alias;
        }

        @Override public String[] getClientAliases(String keyType, Principal[] issuers) {
            return null; // a server only
        }

        @Override public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override public String[] getServerAliases(String keyType, Principal[] issuers) {
            Gen g = current;
            String[] a = g.km().getServerAliases(keyType, issuers);
            return a == null ? null : Arrays.stream(a).map(x -> tagged(g, x)).toArray(String[]::new);
        }

        @Override public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            Gen g = current;
            return tagged(g, g.km().chooseServerAlias(keyType, issuers, socket));
        }

        @Override public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            Gen g = current;
            return tagged(g, g.km().chooseEngineServerAlias(keyType, issuers, engine));
        }

        @Override public X509Certificate[] getCertificateChain(String alias) {
            Gen g = gen(alias);
            return g == null ? null : g.km().getCertificateChain(local(alias));
        }

        @Override public PrivateKey getPrivateKey(String alias) {
            Gen g = gen(alias);
            return g == null ? null : g.km().getPrivateKey(local(alias));
        }
    }
}
