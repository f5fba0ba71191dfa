package satchel.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import satchel.auth.Authenticator;
import satchel.auth.Credentials;
import satchel.auth.TestPasswords;
import satchel.config.ServerConfig;
import satchel.delivery.Delivery;
import satchel.delivery.DeliveryException;
import satchel.delivery.Envelope;
import satchel.delivery.Status;
import satchel.server.ImapServer;
import satchel.server.InMemoryCertificate;
import satchel.server.SmtpListener;
import satchel.server.Stores;
import satchel.smtp.SmtpSession;
import satchel.store.MailStore;
import satchel.store.MailboxNames;
import satchel.store.StoreException;
import satchel.store.User;
import satchel.store.memory.MemoryMailStore;
import satchel.wire.LiteralSpool;

/**
 * Satchel inside another program, typically its tests: the real IMAP server (the same sessions, store and TLS as
 * {@code satchel serve}) on loopback, plus an SMTP listener that delivers to its users, and calls to deliver and
 * inspect mail without a protocol.
 *
 * <pre>{@code
 * try (Satchel mail = Satchel.builder().user("alice", "secret").start()) {
 *     // send to alice@localhost via mail.smtpPort(), read via mail.imapPort() ...
 *     mail.mailbox("alice", "INBOX").awaitMessages(1, Duration.ofSeconds(5));
 * }
 * }</pre>
 *
 * <p>{@link Builder#inMemory} (the default) writes nothing to disk: the mail store lives in the heap, the TLS
 * certificate is generated in memory (once per JVM), messages being received stay in the heap (bounded by the
 * APPEND limit, 64 MiB by default), no SQLite native library is loaded. Users get a test-speed password hash
 * ({@link TestPasswords}), which only an embedded server accepts. Thread-safe.
 */
public final class Satchel implements AutoCloseable {
    private static final String HOST = "127.0.0.1";
    /** Where an in-memory server's config points; never created (only looked at for a trace control file). */
    private static final Path NOWHERE = Path.of(System.getProperty("java.io.tmpdir"), "satchel-embedded-in-memory");

    private final ImapServer server;
    private final SmtpListener smtp;
    private final InMemoryCertificate certificate;
    private final Delivery delivery;
    private final Map<String, String> passwords; // name -> password, for SCRAM keys derived on first use
    private volatile SSLContext clientContext;

    private Satchel(ImapServer server, SmtpListener smtp, InMemoryCertificate certificate, Delivery delivery,
                    Map<String, String> passwords) {
        this.server = server;
        this.smtp = smtp;
        this.certificate = certificate;
        this.delivery = delivery;
        this.passwords = passwords;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** What to start; every port 0 means an ephemeral one, read back from the handle. */
    public static final class Builder {
        private Path dataDir;
        private Integer imap;
        private Integer imaps;
        private Integer smtp;
        private final Map<String, String> users = new LinkedHashMap<>();
        private final List<String> domains = new ArrayList<>();
        private final Settings settings = new Settings();

        private Builder() {}

        /** Nothing written to disk (the default). */
        public Builder inMemory() {
            dataDir = null;
            return this;
        }

        /** A SQLite store in {@code dir}, which survives the server (the certificate still stays in memory). */
        public Builder dataDirectory(Path dir) {
            dataDir = Objects.requireNonNull(dir);
            return this;
        }

        /** A user with INBOX and the special-use mailboxes; a mail address is {@code name@} any accepted domain. */
        public Builder user(String name, String password) {
            users.put(Objects.requireNonNull(name), Objects.requireNonNull(password));
            return this;
        }

        /** Plain IMAP with STARTTLS on {@code port}. With none of imap/imaps/smtp called, all three start on port 0. */
        public Builder imap(int port) {
            imap = port(port);
            return this;
        }

        /** IMAP over implicit TLS. */
        public Builder imaps(int port) {
            imaps = port(port);
            return this;
        }

        /** SMTP in (RFC 5321, STARTTLS, AUTH PLAIN/LOGIN), local users only. */
        public Builder smtp(int port) {
            smtp = port(port);
            return this;
        }

        /**
         * Domains whose addresses are local; SMTP refuses any other with 550. With none (the default), any domain
         * is accepted and the local part names the user, as GreenMail does; unknown users are refused either way.
         */
        public Builder domain(String... names) {
            for (String n : names) domains.add(n.toLowerCase(java.util.Locale.ROOT));
            return this;
        }

        /**
         * A setting by its configuration-file key, as documented in docs/configuration.md, with a value written as
         * there: e.g. {@code config("limits.max-connections-per-user", "1")}, {@code config("timeouts.idle", "30m")},
         * {@code config("limits.append-bytes", "10M")}, {@code config("metrics", "127.0.0.1:0")} (needs
         * {@code dev.satchel:satchel-metrics}; see {@link Satchel#metricsPort}), or the {@code auth.oauth.*} keys for
         * OAUTHBEARER and XOAUTH2 (needs {@code com.nimbusds:nimbus-jose-jwt}). A setting wins over the embedded
         * defaults (e.g. {@code timeouts.shutdown}, 1 s embedded); a key given twice keeps the last value. Values are checked by {@link #start}, which throws
         * {@link IllegalArgumentException} with the file's message; relative paths resolve against the working
         * directory.
         *
         * @throws IllegalArgumentException at once for keys the builder decides itself: {@code data-dir} and
         *     {@code store*} ({@link #inMemory}, {@link #dataDirectory}), {@code imap}/{@code imaps} ({@link #imap},
         *     {@link #imaps}), {@code tls.*} (the in-memory certificate), {@code logging.*} (the embedding program's
         *     SLF4J backend logs) and {@code lmtp*} (no LMTP listener; {@link #smtp} or {@link Satchel#deliver})
         */
        public Builder config(String key, String value) {
            settings.put(key, value);
            return this;
        }

        private static int port(int port) {
            if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
            return port;
        }

        public Satchel start() throws IOException {
            boolean none = imap == null && imaps == null && smtp == null;
            Integer imapPort = none ? Integer.valueOf(0) : imap;
            Integer imapsPort = none ? Integer.valueOf(0) : imaps;
            Integer smtpPort = none ? Integer.valueOf(0) : smtp;
            if (imapPort == null && imapsPort == null) {
                throw new IllegalStateException("an embedded server needs imap(port) or imaps(port)");
            }
            ServerConfig config = ServerConfig.defaults(dataDir == null ? NOWHERE : dataDir)
                    .withStore(dataDir == null ? "memory" : "sqlite")
                    .withImap(imapPort == null ? null : HOST + ":" + imapPort)
                    .withImaps(imapsPort == null ? null : HOST + ":" + imapsPort)
                    .withPlaintextAuthOnInsecure(true) // loopback test traffic; STARTTLS stays offered
                    .withShutdownGrace(java.time.Duration.ofSeconds(1));
            config = settings.applyTo(config);
            InMemoryCertificate certificate = InMemoryCertificate.shared(); // generated at the first TLS use
            MailStore store = dataDir == null ? new MemoryMailStore(config.mailboxLimits()) : Stores.open(config);
            Map<String, String> passwords = new java.util.concurrent.ConcurrentHashMap<>();
            ImapServer server = null;
            SmtpListener listener = null;
            try {
                for (var u : users.entrySet()) createUser(store, passwords, u.getKey(), u.getValue());
                var auth = new Authenticator(store, config.authThrottle(), // per-process secret: no file
                        Credentials.embedded(name -> java.util.Optional.ofNullable(passwords.get(name))));
                Settings.bearerTokens(auth, config);
                LiteralSpool spool = dataDir == null ? LiteralSpool.inMemory() : LiteralSpool.under(config.spool());
                server = ImapServer.startEmbedded(config, store, auth, certificate, spool);
                var delivery = new Delivery(store, domains, "localhost", dataDir, Clock.systemDefaultZone());
                if (smtpPort != null) {
                    var settings = new SmtpSession.Settings(delivery, auth, config.limits().appendBytes(),
                            new satchel.session.MessageMemory(config.limits().messageMemoryBytes()));
                    listener = SmtpListener.start(new InetSocketAddress(InetAddress.getByName(HOST), smtpPort),
                            settings, certificate);
                }
                return new Satchel(server, listener, certificate, delivery, passwords);
            } catch (IOException | RuntimeException e) {
                if (server != null) server.close();
                else store.close();
                throw e;
            }
        }
    }

    /**
     * With the test-speed hash ({@link TestPasswords}) and no SCRAM keys: the server derives those from
     * {@code passwords} at the first SCRAM-SHA-256 login ({@link Credentials#embedded}).
     */
    private static void createUser(MailStore store, Map<String, String> passwords, String name, String password)
            throws IOException {
        try {
            passwords.put(store.createUser(name, TestPasswords.hash(password), null).name(), password);
        } catch (StoreException e) {
            throw new IOException("cannot create user " + name + ": " + e.getMessage(), e);
        }
    }

    /** Adds a user to the running server. */
    public void addUser(String name, String password) {
        try {
            createUser(server.store(), passwords, name, password);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The address every listener is bound to (loopback). */
    public String host() {
        return HOST;
    }

    /** The plain IMAP port, or -1 when off. */
    public int imapPort() {
        return port(server.imapAddress());
    }

    /** The implicit-TLS IMAP port, or -1 when off. */
    public int imapsPort() {
        return port(server.imapsAddress());
    }

    /** The SMTP port, or -1 when off. */
    public int smtpPort() {
        return smtp == null ? -1 : smtp.address().getPort();
    }

    /** The metrics and health HTTP port (the {@code metrics} setting), or -1 when off (the default). */
    public int metricsPort() {
        return port(server.metricsAddress());
    }

    /**
     * IMAP connections open now, counted from accept to close (TLS handshakes and logins in progress included): a
     * test waits for it to reach 0 to know that every session it ended is gone on the server side too.
     */
    public int connections() {
        return server.connections();
    }

    private static int port(InetSocketAddress a) {
        return a == null ? -1 : a.getPort();
    }

    /** The server's self-signed certificate (CN and SAN localhost, 127.0.0.1, ::1), for a client to trust. */
    public X509Certificate certificate() {
        return certificate.certificate();
    }

    /** A client TLS context that trusts {@link #certificate} only: for IMAPS, STARTTLS, SMTP STARTTLS. */
    public SSLContext sslContext() {
        SSLContext c = clientContext;
        if (c == null) clientContext = c = certificate.clientContext();
        return c;
    }

    /**
     * Delivers {@code rfc822} (CRLF or bare LF lines) into {@code user}'s INBOX as a local delivery would, with
     * Return-Path, Delivered-To and Received prepended; returns once it is stored (and IDLE sessions are woken).
     */
    public void deliver(String user, byte[] rfc822) {
        deliver(user, MailboxNames.INBOX, rfc822);
    }

    /** As {@link #deliver(String, byte[])}, into {@code mailbox} (INBOX when it does not exist). */
    public void deliver(String user, String mailbox, byte[] rfc822) {
        try {
            var to = delivery.recipients().local(user, mailbox);
            byte[] crlf = crlf(rfc822);
            Status s = delivery.deliver(new Envelope("", null, "embedded", "local"), to, crlf);
            if (!s.positive()) throw new IllegalStateException("delivery to " + user + " failed: " + s);
        } catch (DeliveryException e) {
            throw new IllegalArgumentException(e.status().text(), e);
        }
    }

    /**
     * Delivers a Jakarta Mail message to each of its recipients (To, Cc, Bcc) that is a local user, as GreenMail's
     * delivery does; returns how many copies were stored. Needs Jakarta Mail on the classpath, which Satchel does
     * not bring (nor need, unless this method is called). An address naming no user is an error: nothing is
     * dropped silently in a test.
     */
    public int deliver(jakarta.mail.internet.MimeMessage message) {
        // The Jakarta types live in JakartaMessages: verifying this class must not need them on the classpath.
        var parts = JakartaMessages.split(message);
        byte[] crlf = crlf(parts.bytes());
        for (String address : parts.recipients()) {
            try {
                var recipient = delivery.recipients().resolve(address);
                Status s = delivery.deliver(new Envelope("", null, "embedded", "local"), recipient, crlf);
                if (!s.positive()) throw new IllegalStateException("delivery to " + address + " failed: " + s);
            } catch (DeliveryException e) {
                throw new IllegalArgumentException(e.status().text(), e);
            }
        }
        return parts.recipients().size();
    }

    private static byte[] crlf(byte[] message) {
        var buffer = new satchel.delivery.MessageBuffer(Long.MAX_VALUE, Long.MAX_VALUE, null);
        try (buffer) {
            buffer.write(message);
            return buffer.bytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: cannot happen
        }
    }

    /** A view of {@code user}'s mailbox {@code name}, read afresh at each call. */
    public Mailbox mailbox(String user, String name) {
        return new Mailbox(server.store(), user(user), name);
    }

    /** The user's INBOX. */
    public Mailbox inbox(String user) {
        return mailbox(user, MailboxNames.INBOX);
    }

    /** The names of all users. */
    public List<String> users() {
        try {
            return server.store().users().stream().map(User::name).toList();
        } catch (StoreException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private User user(String name) {
        try {
            return server.store().user(name)
                    .orElseThrow(() -> new IllegalArgumentException("no such user: " + name + " (users: " + users() + ")"));
        } catch (StoreException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * Empties the server between tests: every user is dropped and created again with the same password, so each
     * starts with an empty INBOX and the default mailboxes (new UIDVALIDITY). Sessions still logged in should be
     * closed first; their mailboxes are gone.
     */
    public void purge() {
        MailStore store = server.store();
        try {
            for (User u : store.users()) {
                store.deleteUser(u.name());
                store.createUser(u.name(), u.passwordHash(), u.scram());
            }
        } catch (StoreException e) {
            throw new IllegalStateException("purge failed: " + e.getMessage(), e);
        }
    }

    /** Every user's mailboxes and messages, one line each: for a failed test's message. */
    public String describe() {
        StringBuilder s = new StringBuilder();
        try {
            for (User u : server.store().users()) {
                for (var box : server.store().mail(u).list()) {
                    if (!box.selectable()) continue;
                    var messages = new Mailbox(server.store(), u, box.name()).messages();
                    s.append(u.name()).append('/').append(box.name()).append(": ").append(messages.size())
                            .append(" message(s)\n");
                    for (var m : messages) s.append("  ").append(m.summary()).append('\n');
                }
            }
        } catch (StoreException e) {
            s.append("(cannot read the store: ").append(e.getMessage()).append(")\n");
        }
        return s.toString();
    }

    /** Stops the listeners, ends the sessions and drops the store (in memory: everything is gone). */
    @Override public void close() {
        if (smtp != null) smtp.close();
        server.close();
    }
}
