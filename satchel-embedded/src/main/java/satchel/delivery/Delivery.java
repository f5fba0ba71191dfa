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
 * APPEND, shared by the LMTP listener, {@code satchel deliver} and an SMTP listener. The message gets
 * {@code Return-Path}, {@code Received} and, for a single recipient, {@code Delivered-To} prepended (RFC 5321 §4.4),
 * and the answer is positive only once the store has committed it (the store returns after the commit), so an
 * acknowledged delivery survives kill -9. Sessions watching the mailbox (IDLE) are woken by the store's doorbell.
 * A failure stores nothing and says whether it is temporary (the sender retries) or permanent. Thread-safe.
 */
public final class Delivery {
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
        return store(to, withTrace(envelope, to, message));
    }

    /**
     * One reply per recipient, in their order (RFC 2033 §4.2). With several recipients the message is stored once
     * for all of them, as Dovecot's LMTP does: the copy carries no per-recipient header (no {@code Delivered-To},
     * no "for" in {@code Received}), so every user's message is the same bytes, and the store keeps one blob for
     * them in one transaction. If that transaction fails, every recipient gets the same (temporary) failure.
     */
    public List<Status> deliver(Envelope envelope, List<Recipient> to, byte[] message) {
        if (to.size() == 1) return List.of(deliver(envelope, to.getFirst(), message));
        byte[] content = withTrace(envelope, null, message);
        Status[] out = new Status[to.size()];
        try {
            shared(to, content, out);
        } catch (StoreException e) {
            if (e.kind() == StoreException.Kind.OVER_QUOTA) {
                // One recipient over quota must not fail the others: each copy on its own, each with its answer.
                for (int i = 0; i < to.size(); i++) out[i] = store(to.get(i), content);
            } else if (e.kind() != StoreException.Kind.NONEXISTENT && e.kind() != StoreException.Kind.CANNOT) {
                java.util.Arrays.fill(out, failure(e, content.length));
            } else {
                // A mailbox went between looking it up and storing: look again (INBOX now takes its mail).
                try {
                    shared(to, content, out);
                } catch (StoreException again) {
                    java.util.Arrays.fill(out, failure(again, content.length));
                }
            }
        }
        return List.of(out);
    }

    /** One recipient's copy of {@code content}, which already carries its trace headers. */
    private Status store(Recipient r, byte[] content) {
        try {
            UserMail mail = store.mail(r.user());
            MailboxInfo box = target(mail, r.mailbox());
            List<AppendResult> done = mail.append(box.id(), List.of(new NewMessage(content, Set.of(), clock.instant())));
            return Status.ok("<" + r.address() + "> delivered to " + box.name() + " (uid " + done.getFirst().uid() + ")");
        } catch (StoreException e) {
            return failure(e, content.length);
        }
    }

    /**
     * Resolves each recipient's mailbox (one that cannot be resolved gets its own failure in {@code out}) and stores
     * {@code content} for the rest in one store call, filling their replies.
     */
    private void shared(List<Recipient> to, byte[] content, Status[] out) throws StoreException {
        List<MailStore.Target> targets = new java.util.ArrayList<>(to.size());
        List<Integer> index = new java.util.ArrayList<>(to.size());
        List<String> names = new java.util.ArrayList<>(to.size());
        for (int i = 0; i < to.size(); i++) {
            Recipient r = to.get(i);
            try {
                MailboxInfo box = target(store.mail(r.user()), r.mailbox());
                targets.add(new MailStore.Target(r.user(), box.id()));
                index.add(i);
                names.add(box.name());
            } catch (StoreException e) {
                out[i] = failure(e, content.length);
            }
        }
        if (targets.isEmpty()) return;
        List<AppendResult> done = store.deliver(targets, new NewMessage(content, Set.of(), clock.instant()));
        for (int k = 0; k < targets.size(); k++) {
            out[index.get(k)] = Status.ok("<" + to.get(index.get(k)).address() + "> delivered to " + names.get(k)
                    + " (uid " + done.get(k).uid() + ")");
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
            // Permanent, as Dovecot's LMTP answers by default (quota_full_tempfail = no): the sender hears at once
            // rather than after days in the queue, and a full mailbox does not fill the MTA's queue. (RFC 3463 allows
            // X.2.2 either way.)
            case OVER_QUOTA -> new Status(552, "5.2.2", "Mailbox full: " + e.getMessage());
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

    /**
     * Return-Path, Delivered-To and Received (RFC 5321 §4.4, RFC 3848) before the message; with {@code to} null
     * (a copy shared by several recipients) neither Delivered-To nor the Received "for" clause, as in Dovecot.
     */
    byte[] withTrace(Envelope envelope, Recipient to, byte[] message) {
        String id = Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
        String from = envelope.helo() == null ? clean(envelope.peer())
                : clean(envelope.helo()) + " (" + clean(envelope.peer()) + ")";
        String date = DATE.format(ZonedDateTime.now(clock));
        String headers = "Return-Path: <" + clean(envelope.returnPath()) + ">\r\n"
                + (to == null ? "" : "Delivered-To: " + clean(to.address()) + "\r\n")
                + "Received: from " + from + "\r\n"
                + "\tby " + hostname + " (Satchel) with " + envelope.protocol() + " id " + id
                + (to == null ? "; " + date : "\r\n\tfor <" + clean(to.address()) + ">; " + date) + "\r\n";
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
