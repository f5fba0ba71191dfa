package satchel.delivery;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import satchel.store.AppendResult;
import satchel.store.MailStore;
import satchel.store.MailboxInfo;
import satchel.store.MailboxNames;
import satchel.store.NewMessage;
import satchel.store.StoreException;
import satchel.store.UserMail;

/**
 * Puts a received message into a local user's mailbox: the one path by which mail arrives other than IMAP
 * APPEND, shared by the LMTP listener, {@code satchel deliver} and an SMTP listener. Each copy gets
 * {@code Return-Path}, {@code Delivered-To} and {@code Received} prepended (RFC 5321 §4.4), and the answer is
 * positive only once the store has committed it ({@link UserMail#append} returns after the commit), so an
 * acknowledged delivery survives kill -9. Sessions watching the mailbox (IDLE) are woken by the store's doorbell.
 * A failure stores nothing and says whether it is temporary (the sender retries) or permanent. Thread-safe.
 */
public final class Delivery {
    /** Copies stored at once for a message with several recipients: their commits share an fsync. */
    public static final int PARALLEL = 8;
    /** Below this much free space (beyond the message itself) a store failure is reported as "disk full". */
    private static final long LOW_SPACE = 64L << 20;
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT);

    private final MailStore store;
    private final Recipients recipients;
    private final String hostname;
    private final Path dataDir; // where the store writes, for telling a full disk from other failures; null in memory
    private final Clock clock;

    public Delivery(MailStore store, List<String> domains, String hostname, Path dataDir, Clock clock) {
        this.store = store;
        this.recipients = new Recipients(store, domains);
        this.hostname = hostname;
        this.dataDir = dataDir;
        this.clock = clock;
    }

    /** This machine's name for the Received header and greetings, "localhost" when it has none. */
    public static String localHostname() {
        try {
            String h = java.net.InetAddress.getLocalHost().getCanonicalHostName();
            return h.isBlank() ? "localhost" : h;
        } catch (IOException e) {
            return "localhost";
        }
    }

    public String hostname() { return hostname; }

    public Recipients recipients() { return recipients; }

    /**
     * Stores {@code message} (CRLF lines, as received) for {@code to}; returns the reply for that recipient: 250
     * once durable, 4xx when the store cannot take it now, 5xx when it never will.
     */
    public Status deliver(Envelope envelope, Recipient to, byte[] message) {
        byte[] content = withTrace(envelope, to, message);
        try {
            UserMail mail = store.mail(to.user());
            MailboxInfo box = target(mail, to.mailbox());
            List<AppendResult> done = mail.append(box.id(), List.of(new NewMessage(content, Set.of(), clock.instant())));
            return Status.ok("<" + to.address() + "> delivered to " + box.name() + " (uid " + done.getFirst().uid() + ")");
        } catch (StoreException e) {
            return failure(e, content.length);
        }
    }

    /**
     * One reply per recipient, in their order. The copies are stored concurrently, {@link #PARALLEL} at a time,
     * so the store can commit them together (one fsync for several recipients rather than one each); each reply
     * still says whether that copy is durable.
     */
    public List<Status> deliver(Envelope envelope, List<Recipient> to, byte[] message) {
        if (to.size() == 1) return List.of(deliver(envelope, to.getFirst(), message));
        List<Status> out = new java.util.ArrayList<>(to.size());
        for (int i = 0; i < to.size(); i += PARALLEL) {
            List<Recipient> batch = to.subList(i, Math.min(to.size(), i + PARALLEL));
            try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                var copies = batch.stream().map(r -> pool.submit(() -> deliver(envelope, r, message))).toList();
                for (var copy : copies) out.add(result(copy));
            }
        }
        return out;
    }

    private static Status result(java.util.concurrent.Future<Status> copy) {
        try {
            return copy.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Status.unavailable("Interrupted, try again later");
        } catch (java.util.concurrent.ExecutionException e) {
            return Status.unavailable("Delivery failed, try again later (" + e.getCause() + ")");
        }
    }

    /** The recipient's mailbox if it still exists and can hold mail (it may have gone since RCPT), else INBOX. */
    private static MailboxInfo target(UserMail mail, String mailbox) throws StoreException {
        var wanted = mail.find(mailbox).filter(MailboxInfo::selectable);
        if (wanted.isPresent()) return wanted.get();
        return mail.find(MailboxNames.INBOX).orElseThrow(() ->
                new StoreException(StoreException.Kind.NONEXISTENT, "the user has no INBOX"));
    }

    private Status failure(StoreException e, long size) {
        return switch (e.kind()) {
            case OVER_QUOTA -> new Status(452, "4.2.2", "Mailbox full: " + e.getMessage());
            case LIMIT -> new Status(552, "5.2.3", e.getMessage());
            case UNAVAILABLE, SERVER_BUG, NONEXISTENT, CANNOT, TRYCREATE, ALREADY_EXISTS, EXPUNGED ->
                    lowOnSpace(size) ? Status.full("Mail storage is full, try again later")
                            : Status.unavailable("Mail storage unavailable, try again later (" + e.getMessage() + ")");
        };
    }

    /** Whether the store's file system is (nearly) full: what a failed write most likely ran into. */
    private boolean lowOnSpace(long size) {
        if (dataDir == null) return false;
        try {
            return Files.getFileStore(dataDir).getUsableSpace() < 2 * size + LOW_SPACE;
        } catch (IOException e) {
            return false;
        }
    }

    /** Return-Path, Delivered-To and Received (RFC 5321 §4.4, RFC 3848) before the message. */
    byte[] withTrace(Envelope envelope, Recipient to, byte[] message) {
        String id = Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
        String from = envelope.helo() == null ? clean(envelope.peer())
                : clean(envelope.helo()) + " (" + clean(envelope.peer()) + ")";
        String headers = "Return-Path: <" + clean(envelope.returnPath()) + ">\r\n"
                + "Delivered-To: " + clean(to.address()) + "\r\n"
                + "Received: from " + from + "\r\n"
                + "\tby " + hostname + " (Satchel) with " + envelope.protocol() + " id " + id + "\r\n"
                + "\tfor <" + clean(to.address()) + ">; " + DATE.format(ZonedDateTime.now(clock)) + "\r\n";
        byte[] h = headers.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[h.length + message.length];
        System.arraycopy(h, 0, out, 0, h.length);
        System.arraycopy(message, 0, out, h.length, message.length);
        return out;
    }

    /** Text from the client, made safe for a header: no controls (a CR or LF would start a forged header). */
    private static String clean(String s) {
        return s == null ? "" : s.replaceAll("[\\p{Cntrl}]", "?");
    }
}
