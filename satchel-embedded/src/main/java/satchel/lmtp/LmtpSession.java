package satchel.lmtp;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import satchel.delivery.Delivery;
import satchel.delivery.DeliveryException;
import satchel.delivery.Envelope;
import satchel.delivery.MessageBuffer;
import satchel.delivery.Recipient;
import satchel.delivery.Status;
import satchel.session.MessageMemory;
import satchel.wire.LiteralSpool;

/**
 * One LMTP connection (RFC 2033): LHLO, MAIL, RCPT, DATA or BDAT (RFC 3030), RSET, NOOP, VRFY, QUIT, with
 * PIPELINING (RFC 2920), ENHANCEDSTATUSCODES (RFC 2034), 8BITMIME (RFC 6152), SIZE (RFC 1870) and CHUNKING.
 * After the message, one reply per accepted recipient, in RCPT order (RFC 2033 §4.2), each positive only once that
 * copy is durable. Runs on the connection's thread ({@link #run}); {@link #shutdown} may be called from any.
 *
 * <p>What is LMTP-specific is small (LHLO instead of EHLO, the per-recipient replies); the reader, the command
 * parser, the replies and the {@link Delivery} path are the SMTP family's, for an SMTP listener to share.
 */
public final class LmtpSession {
    private static final Logger log = LoggerFactory.getLogger(LmtpSession.class);
    /** RFC 5321 §4.5.3.1.4 says 512 with the CRLF, which extensions may raise (SIZE, BODY…); we allow more. */
    static final int MAX_LINE = 4096;
    /** A line longer than this ends the connection: skipping it would let a client keep us busy forever. */
    static final long SKIP_MAX = 64 * 1024;
    /** RFC 5321 §4.5.3.1.8 asks for at least 100. */
    static final int MAX_RECIPIENTS = 1000;
    static final int MAX_ERRORS = 20;

    /** What every session of a listener shares. {@code spoolDir} may be null (messages stay in memory). */
    public record Settings(Delivery delivery, long maxMessageBytes, Path spoolDir, MessageMemory memory) {}

    /** Where the session is: before LHLO, between transactions, or inside one (after MAIL). */
    private sealed interface State {
        record Start() implements State {}

        record Ready(String helo) implements State {}

        record InMail(String helo, Transaction tx) implements State {}
    }

    /** A mail transaction: sender, accepted recipients, and the chunks so far when BDAT is used. */
    private static final class Transaction {
        final String sender;
        final List<Recipient> recipients = new ArrayList<>();
        MessageBuffer chunks;

        Transaction(String sender) { this.sender = sender; }
    }

    private final Settings settings;
    private final SmtpInput in;
    private final SmtpReplies out;
    private final String peer;
    private final Runnable abort;
    private State state = new State.Start();
    private int errors;
    private boolean stopping; // guarded by this
    private boolean idle; // guarded by this: blocked reading the next command, no transaction at stake

    /** {@code abort} cuts the connection (any thread); {@code peer} names the client in headers and logs. */
    public LmtpSession(Settings settings, InputStream in, OutputStream out, String peer, Runnable abort) {
        this.settings = settings;
        this.in = new SmtpInput(in);
        this.out = new SmtpReplies(out);
        this.peer = peer;
        this.abort = abort;
    }

    /** Asks the session to end: at once when it waits for a command, else after the command in progress. */
    public void shutdown() {
        synchronized (this) {
            stopping = true;
            if (!idle) return;
        }
        abort.run();
    }

    public void run() {
        try {
            out.plain(220, settings.delivery().hostname() + " Satchel LMTP ready");
            while (step()) {
                // next command
            }
        } catch (EOFException e) {
            log.debug("lmtp {}: {}", peer, e.getMessage());
        } catch (IOException e) {
            log.info("lmtp {}: connection failed: {}", peer, e.getMessage());
        } finally {
            if (state instanceof State.InMail(_, Transaction tx) && tx.chunks != null) tx.chunks.close();
            try {
                out.flush();
            } catch (IOException ignored) {
                // the peer is gone
            }
        }
    }

    /** Reads and answers one command; false when the connection is to end. */
    private boolean step() throws IOException {
        if (in.buffered() == 0) out.flush(); // the client waits for these replies (RFC 2920 §3.1)
        if (!enterIdle()) {
            out.reply(new Status(421, "4.3.2", "Server shutting down, try again later"));
            return false;
        }
        byte[] line;
        try {
            line = in.line(MAX_LINE, SKIP_MAX);
        } catch (SmtpInput.LineTooLong e) {
            leaveIdle();
            return error(new Status(500, "5.5.2", e.getMessage()));
        }
        if (!leaveIdle() || line == null) return false; // stopped while idle: the connection is cut anyway
        SmtpCommand command;
        try {
            command = SmtpCommands.parse(new String(line, StandardCharsets.UTF_8));
        } catch (SmtpSyntaxException e) {
            return error(e.status());
        }
        return dispatch(command);
    }

    private synchronized boolean enterIdle() {
        if (stopping) return false;
        idle = true;
        return true;
    }

    private synchronized boolean leaveIdle() {
        idle = false;
        return !stopping;
    }

    private boolean dispatch(SmtpCommand command) throws IOException {
        switch (command) {
            case SmtpCommand.Hello(String verb, String domain) -> {
                if (!verb.equals("LHLO")) {
                    // RFC 2033 §4.1: never a positive reply to HELO or EHLO, so a misconfigured client notices.
                    return error(new Status(500, "5.5.1", "This is LMTP: say LHLO, not " + verb));
                }
                abandon();
                state = new State.Ready(domain);
                out.multi(250, List.of(settings.delivery().hostname(), "PIPELINING", "ENHANCEDSTATUSCODES",
                        "8BITMIME", "SIZE " + settings.maxMessageBytes(), "CHUNKING"));
            }
            case SmtpCommand.Mail m -> mail(m);
            case SmtpCommand.Rcpt r -> rcpt(r);
            case SmtpCommand.Data d -> data();
            case SmtpCommand.Bdat b -> bdat(b);
            case SmtpCommand.Rset r -> {
                abandon();
                if (state instanceof State.InMail(String helo, Transaction tx)) state = new State.Ready(helo);
                out.reply(Status.ok("Reset"));
            }
            case SmtpCommand.Noop n -> out.reply(Status.ok("OK"));
            case SmtpCommand.Quit q -> {
                abandon();
                out.plain(221, "2.0.0 " + settings.delivery().hostname() + " closing connection");
                return false;
            }
            // RFC 5321 §3.5.3: 252 when we will not verify but would accept mail for the address.
            case SmtpCommand.Vrfy v -> out.reply(new Status(252, "2.5.0", "Not verifying addresses; send the message"));
            case SmtpCommand.Help h -> out.reply(new Status(214, "2.0.0",
                    "Commands: LHLO MAIL RCPT DATA BDAT RSET NOOP VRFY QUIT (RFC 2033)"));
            case SmtpCommand.Unknown u -> {
                return error(new Status(500, "5.5.1", "Unknown command " + u.verb()));
            }
        }
        return true;
    }

    /** A failed command: its reply, and the end of the connection after too many (a client out of step). */
    private boolean error(Status status) throws IOException {
        out.reply(status);
        if (++errors < MAX_ERRORS) return true;
        out.reply(new Status(421, "4.7.0", "Too many errors, closing the connection"));
        return false;
    }

    private void mail(SmtpCommand.Mail m) throws IOException {
        switch (state) {
            case State.Start s -> error(new Status(503, "5.5.1", "Say LHLO first"));
            case State.InMail s -> error(new Status(503, "5.5.1", "Nested MAIL command"));
            case State.Ready(String helo) -> {
                for (Map.Entry<String, String> p : m.params().entrySet()) {
                    Status refused = mailParam(p.getKey(), p.getValue());
                    if (refused != null) {
                        out.reply(refused);
                        return;
                    }
                }
                state = new State.InMail(helo, new Transaction(m.reversePath()));
                out.reply(new Status(250, "2.1.0", "Sender <" + m.reversePath() + "> OK"));
            }
        }
    }

    /** Null when the MAIL parameter is fine, else the refusal (RFC 1870 SIZE, RFC 6152 BODY). */
    private Status mailParam(String key, String value) {
        return switch (key) {
            case "SIZE" -> {
                if (!value.matches("[0-9]{1,18}")) yield new Status(501, "5.5.4", "SIZE needs a number");
                yield Long.parseLong(value) > settings.maxMessageBytes()
                        ? new Status(552, "5.3.4", "Message too big (at most " + settings.maxMessageBytes() + " bytes)")
                        : null;
            }
            case "BODY" -> value.equalsIgnoreCase("7BIT") || value.equalsIgnoreCase("8BITMIME") ? null
                    : new Status(555, "5.5.4", "BODY=" + value + " not supported (7BIT or 8BITMIME)");
            default -> new Status(555, "5.5.4", "Parameter " + key + " not supported");
        };
    }

    private void rcpt(SmtpCommand.Rcpt r) throws IOException {
        if (!(state instanceof State.InMail(_, Transaction tx))) {
            error(new Status(503, "5.5.1", "Send MAIL first"));
            return;
        }
        if (tx.chunks != null) {
            error(new Status(503, "5.5.1", "RCPT after BDAT"));
            return;
        }
        if (!r.params().isEmpty()) {
            out.reply(new Status(555, "5.5.4", "RCPT parameters not supported"));
            return;
        }
        if (tx.recipients.size() >= MAX_RECIPIENTS) {
            out.reply(new Status(452, "4.5.3", "Too many recipients"));
            return;
        }
        try {
            Recipient to = settings.delivery().recipients().resolve(r.forwardPath());
            tx.recipients.add(to);
            out.reply(new Status(250, "2.1.5", "<" + r.forwardPath() + "> OK"));
        } catch (DeliveryException e) {
            out.reply(e.status());
        }
    }

    private void data() throws IOException {
        if (!(state instanceof State.InMail(String helo, Transaction tx))) {
            error(new Status(503, "5.5.1", "Send MAIL first"));
            return;
        }
        if (tx.chunks != null) {
            error(new Status(503, "5.5.1", "DATA after BDAT")); // RFC 3030 §3: not in one transaction
            return;
        }
        if (tx.recipients.isEmpty()) {
            error(new Status(503, "5.5.1", "No valid recipients")); // RFC 2033 §4.2: MUST be 503
            return;
        }
        out.plain(354, "Start mail input; end with <CRLF>.<CRLF>");
        out.flush();
        try (MessageBuffer body = buffer()) {
            in.data(body);
            finish(helo, tx, body);
        }
    }

    /**
     * RFC 3030 §2: the chunk is read whatever happens, or the connection falls out of step. A failed chunk ends
     * the transaction; with LAST, one reply per recipient (RFC 2033 §4.3: none if there are no recipients).
     */
    private void bdat(SmtpCommand.Bdat b) throws IOException {
        if (!(state instanceof State.InMail(String helo, Transaction tx))) {
            in.chunk(b.size(), OutputStream.nullOutputStream());
            error(new Status(503, "5.5.1", "Send MAIL first"));
            return;
        }
        if (tx.chunks == null) tx.chunks = buffer();
        in.chunk(b.size(), tx.chunks);
        if (tx.chunks.overflowed() && !b.last()) { // with LAST, finish() answers 552 once per recipient
            abandon();
            state = new State.Ready(helo);
            out.reply(tooBig());
            return;
        }
        if (!b.last()) {
            out.reply(new Status(250, "2.0.0", b.size() + " octets received"));
            return;
        }
        try (MessageBuffer body = tx.chunks) {
            tx.chunks = null;
            finish(helo, tx, body);
        }
    }

    private MessageBuffer buffer() {
        return new MessageBuffer(settings.maxMessageBytes(), LiteralSpool.MEMORY_BYTES, settings.spoolDir());
    }

    private Status tooBig() {
        return new Status(552, "5.3.4", "Message too big (at most " + settings.maxMessageBytes() + " bytes)");
    }

    /** The end of the message: one reply per recipient, each after its copy is committed. Ends the transaction. */
    private void finish(String helo, Transaction tx, MessageBuffer body) throws IOException {
        state = new State.Ready(helo);
        List<Status> replies = deliver(helo, tx, body);
        for (Status s : replies) out.reply(s);
        out.flush();
    }

    private List<Status> deliver(String helo, Transaction tx, MessageBuffer body) throws IOException {
        int n = tx.recipients.size();
        if (body.overflowed()) return List.of(nCopies(n, tooBig()));
        if (body.spoolFailure() != null) {
            return List.of(nCopies(n, Status.full("Cannot spool the message: " + body.spoolFailure().getMessage())));
        }
        Envelope envelope = new Envelope(tx.sender, helo, peer, "LMTP");
        List<Status> replies = new ArrayList<>(n);
        // The message and its one copy with headers (shared by all the recipients), under the server-wide budget.
        long copies = 2;
        try (MessageMemory.Lease lease = settings.memory().acquire(copies * body.size())) {
            replies.addAll(settings.delivery().deliver(envelope, tx.recipients, body.bytes()));
        }
        log.info("lmtp {}: from <{}> {} recipient(s), {} bytes: {}", peer, tx.sender, n, body.size(),
                replies.stream().map(s -> Integer.toString(s.code())).toList());
        return replies;
    }

    private static Status[] nCopies(int n, Status s) {
        Status[] a = new Status[n];
        java.util.Arrays.fill(a, s);
        return a;
    }

    /** Drops a transaction in progress (its spooled chunks). */
    private void abandon() {
        if (state instanceof State.InMail(_, Transaction tx) && tx.chunks != null) {
            tx.chunks.close();
            tx.chunks = null;
        }
    }
}
