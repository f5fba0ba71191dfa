package satchel.smtp;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import satchel.auth.Authenticator;
import satchel.delivery.Delivery;
import satchel.delivery.DeliveryException;
import satchel.delivery.Envelope;
import satchel.delivery.MessageBuffer;
import satchel.delivery.Recipient;
import satchel.delivery.Status;
import satchel.lmtp.SmtpCommand;
import satchel.lmtp.SmtpCommands;
import satchel.lmtp.SmtpInput;
import satchel.lmtp.SmtpReplies;
import satchel.lmtp.SmtpSyntaxException;
import satchel.session.MessageMemory;
import satchel.store.User;
import satchel.wire.LiteralSpool;

/**
 * One SMTP connection, receiving side (RFC 5321), for tests and development: EHLO/HELO, MAIL, RCPT, DATA, RSET,
 * NOOP, VRFY, QUIT with PIPELINING (RFC 2920), 8BITMIME (RFC 6152), SIZE (RFC 1870), ENHANCEDSTATUSCODES
 * (RFC 2034), STARTTLS (RFC 3207) and AUTH PLAIN/LOGIN (RFC 4954). Mail goes only to local users, through the
 * same {@link Delivery} as LMTP: a recipient that is not a local user (or not in a configured domain) gets 550
 * at RCPT, so this is never a relay. AUTH is offered and checked, not required: the application under test may
 * send either way. The command reader, parser and reply writer are the LMTP listener's ({@code satchel.lmtp}).
 *
 * <p>What differs from LMTP: EHLO rather than LHLO, one reply after DATA for the whole message (RFC 5321 §4.2.5:
 * a failure after DATA, with several recipients, is reported as the first failing copy's status), no BDAT.
 */
public final class SmtpSession {
    private static final Logger log = LoggerFactory.getLogger(SmtpSession.class);
    static final int MAX_LINE = 4096;
    static final long SKIP_MAX = 64 * 1024;
    static final int MAX_RECIPIENTS = 1000;
    static final int MAX_ERRORS = 20;

    /** What every session of a listener shares. */
    public record Settings(Delivery delivery, Authenticator auth, long maxMessageBytes, MessageMemory memory) {}

    /** The connection under the session; {@link #startTls} swaps its streams for TLS ones (RFC 3207). */
    public interface Channel {
        InputStream input();

        OutputStream output();

        boolean secure();

        String peerAddress();

        /** Runs the server side of the handshake; afterwards {@link #input}/{@link #output} are the TLS streams. */
        void startTls() throws IOException;
    }

    private final Settings settings;
    private final Channel channel;
    private SmtpInput in;
    private SmtpReplies out;
    private String helo; // null before EHLO/HELO
    private boolean extended;
    private User user; // after AUTH
    private String sender; // null outside a transaction
    private final List<Recipient> recipients = new ArrayList<>();
    private int errors;

    public SmtpSession(Settings settings, Channel channel) {
        this.settings = settings;
        this.channel = channel;
        streams();
    }

    private void streams() {
        in = new SmtpInput(channel.input()); // after STARTTLS: a new reader, nothing buffered carries over
        out = new SmtpReplies(new java.io.BufferedOutputStream(channel.output(), 8 * 1024));
    }

    public void run() {
        try {
            out.plain(220, settings.delivery().hostname() + " ESMTP Satchel (test and development use)");
            while (step()) {
                // next command
            }
        } catch (EOFException e) {
            log.debug("smtp {}: {}", channel.peerAddress(), e.getMessage());
        } catch (IOException e) {
            log.info("smtp {}: connection failed: {}", channel.peerAddress(), e.getMessage());
        } finally {
            try {
                out.flush();
            } catch (IOException ignored) {
                // the peer is gone
            }
        }
    }

    private boolean step() throws IOException {
        if (in.buffered() == 0) out.flush(); // RFC 2920 §3.1: the client waits for these replies
        byte[] raw;
        try {
            raw = in.line(MAX_LINE, SKIP_MAX);
        } catch (SmtpInput.LineTooLong e) {
            return error(new Status(500, "5.5.2", e.getMessage()));
        }
        if (raw == null) return false;
        String line = new String(raw, StandardCharsets.UTF_8);
        String verb = (line.indexOf(' ') < 0 ? line : line.substring(0, line.indexOf(' '))).toUpperCase(Locale.ROOT);
        if (verb.equals("STARTTLS")) return startTls(line);
        if (verb.equals("AUTH")) return auth(line.substring(verb.length()).strip());
        SmtpCommand command;
        try {
            command = SmtpCommands.parse(line);
        } catch (SmtpSyntaxException e) {
            return error(e.status());
        }
        return dispatch(command);
    }

    private boolean dispatch(SmtpCommand command) throws IOException {
        switch (command) {
            case SmtpCommand.Hello(String verb, String domain) -> {
                if (verb.equals("LHLO")) return error(new Status(500, "5.5.1", "This is SMTP: say EHLO, not LHLO"));
                reset();
                helo = domain;
                extended = verb.equals("EHLO");
                if (!extended) {
                    out.plain(250, settings.delivery().hostname());
                    return true;
                }
                List<String> lines = new ArrayList<>(List.of(settings.delivery().hostname(), "PIPELINING",
                        "8BITMIME", "SIZE " + settings.maxMessageBytes(), "ENHANCEDSTATUSCODES"));
                if (!channel.secure()) lines.add("STARTTLS");
                lines.add("AUTH PLAIN LOGIN");
                out.multi(250, lines);
            }
            case SmtpCommand.Mail m -> mail(m);
            case SmtpCommand.Rcpt r -> rcpt(r);
            case SmtpCommand.Data d -> data();
            case SmtpCommand.Bdat b -> {
                in.chunk(b.size(), OutputStream.nullOutputStream()); // stay in step with the client
                return error(new Status(502, "5.5.1", "BDAT not offered (no CHUNKING); use DATA"));
            }
            case SmtpCommand.Rset r -> {
                reset();
                out.reply(Status.ok("Reset"));
            }
            case SmtpCommand.Noop n -> out.reply(Status.ok("OK"));
            case SmtpCommand.Quit q -> {
                out.plain(221, "2.0.0 " + settings.delivery().hostname() + " closing connection");
                return false;
            }
            case SmtpCommand.Vrfy v -> out.reply(new Status(252, "2.5.0", "Not verifying addresses; send the message"));
            case SmtpCommand.Help h -> out.reply(new Status(214, "2.0.0",
                    "Commands: EHLO HELO STARTTLS AUTH MAIL RCPT DATA RSET NOOP VRFY QUIT (RFC 5321)"));
            case SmtpCommand.Unknown u -> {
                return error(new Status(500, "5.5.1", "Unknown command " + u.verb()));
            }
        }
        return true;
    }

    private boolean error(Status status) throws IOException {
        out.reply(status);
        if (++errors < MAX_ERRORS) return true;
        out.reply(new Status(421, "4.7.0", "Too many errors, closing the connection"));
        return false;
    }

    private void reset() {
        sender = null;
        recipients.clear();
    }

    /** RFC 3207 §4.2: after the handshake the session starts over, and nothing the client pipelined is kept. */
    private boolean startTls(String line) throws IOException {
        if (!line.strip().equalsIgnoreCase("STARTTLS")) return error(new Status(501, "5.5.4", "STARTTLS takes no arguments"));
        if (channel.secure()) return error(new Status(503, "5.5.1", "TLS already active"));
        if (helo == null) return error(new Status(503, "5.5.1", "Say EHLO first"));
        out.plain(220, "2.0.0 Ready to start TLS");
        out.flush();
        channel.startTls();
        streams(); // CVE-2011-0411: what was buffered in the clear is dropped with the old reader
        reset();
        helo = null;
        user = null;
        return true;
    }

    /** RFC 4954: AUTH PLAIN (RFC 4616) with or without an initial response, and AUTH LOGIN. */
    private boolean auth(String args) throws IOException {
        if (helo == null || !extended) return error(new Status(503, "5.5.1", "Say EHLO first"));
        if (user != null) return error(new Status(503, "5.5.1", "Already authenticated"));
        if (sender != null) return error(new Status(503, "5.5.1", "AUTH not allowed during a mail transaction"));
        String[] words = args.split(" +", 2);
        String mechanism = words[0].toUpperCase(Locale.ROOT);
        String initial = words.length > 1 ? words[1].strip() : null;
        String name;
        String password;
        try {
            switch (mechanism) {
                case "PLAIN" -> {
                    String response = initial != null ? initial : challenge("");
                    if (response == null) return true;
                    String[] parts = decode(response).split("\0", -1);
                    if (parts.length != 3) return error(new Status(501, "5.5.2", "PLAIN: authzid NUL authcid NUL password"));
                    if (!parts[0].isEmpty() && !parts[0].equals(parts[1])) {
                        return error(new Status(535, "5.7.8", "Acting as another user is not supported"));
                    }
                    name = parts[1];
                    password = parts[2];
                }
                case "LOGIN" -> {
                    String u = initial != null ? initial : challenge("VXNlcm5hbWU6"); // "Username:"
                    if (u == null) return true;
                    String p = challenge("UGFzc3dvcmQ6"); // "Password:"
                    if (p == null) return true;
                    name = decode(u);
                    password = decode(p);
                }
                default -> {
                    return error(new Status(504, "5.5.4", "Mechanism " + mechanism + " not supported (PLAIN, LOGIN)"));
                }
            }
        } catch (IllegalArgumentException e) {
            return error(new Status(501, "5.5.2", "Bad base64"));
        }
        switch (settings.auth().login(name, password, channel.peerAddress())) {
            case Authenticator.Outcome.Granted<User> g -> {
                user = g.value();
                out.reply(new Status(235, "2.7.0", "Authentication successful"));
            }
            case Authenticator.Outcome.Denied<User> d -> out.reply(new Status(535, "5.7.8", "Authentication credentials invalid"));
            case Authenticator.Outcome.Unavailable<User> u -> out.reply(new Status(454, "4.7.0", "Too many failures, try again later"));
        }
        return true;
    }

    /** Sends a 334 challenge and reads the answer; null (after replying) when the client cancelled with "*". */
    private String challenge(String text) throws IOException {
        out.plain(334, text);
        out.flush();
        byte[] answer = in.line(MAX_LINE, SKIP_MAX);
        if (answer == null) throw new EOFException("closed during AUTH");
        String s = new String(answer, StandardCharsets.US_ASCII).strip();
        if (s.equals("*")) {
            out.reply(new Status(501, "5.0.0", "Authentication cancelled"));
            return null;
        }
        return s;
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64.equals("=") ? "" : base64), StandardCharsets.UTF_8);
    }

    private void mail(SmtpCommand.Mail m) throws IOException {
        if (helo == null) {
            error(new Status(503, "5.5.1", "Say EHLO first"));
            return;
        }
        if (sender != null) {
            error(new Status(503, "5.5.1", "Nested MAIL command"));
            return;
        }
        for (Map.Entry<String, String> p : m.params().entrySet()) {
            Status refused = mailParam(p.getKey(), p.getValue());
            if (refused != null) {
                out.reply(refused);
                return;
            }
        }
        sender = m.reversePath();
        out.reply(new Status(250, "2.1.0", "Sender <" + m.reversePath() + "> OK"));
    }

    private Status mailParam(String key, String value) {
        return switch (key) {
            case "SIZE" -> {
                if (!value.matches("[0-9]{1,18}")) yield new Status(501, "5.5.4", "SIZE needs a number");
                yield Long.parseLong(value) > settings.maxMessageBytes() ? tooBig() : null;
            }
            case "BODY" -> value.equalsIgnoreCase("7BIT") || value.equalsIgnoreCase("8BITMIME") ? null
                    : new Status(555, "5.5.4", "BODY=" + value + " not supported (7BIT or 8BITMIME)");
            case "AUTH" -> null; // RFC 4954 §5: the submitter's identity; we record nothing from it
            default -> new Status(555, "5.5.4", "Parameter " + key + " not supported");
        };
    }

    private void rcpt(SmtpCommand.Rcpt r) throws IOException {
        if (sender == null) {
            error(new Status(503, "5.5.1", "Send MAIL first"));
            return;
        }
        if (!r.params().isEmpty()) {
            out.reply(new Status(555, "5.5.4", "RCPT parameters not supported"));
            return;
        }
        if (recipients.size() >= MAX_RECIPIENTS) {
            out.reply(new Status(452, "4.5.3", "Too many recipients"));
            return;
        }
        try {
            recipients.add(settings.delivery().recipients().resolve(r.forwardPath()));
            out.reply(new Status(250, "2.1.5", "<" + r.forwardPath() + "> OK"));
        } catch (DeliveryException e) {
            // Local users only: anything else is refused here, never relayed.
            out.reply(e.status());
        }
    }

    private void data() throws IOException {
        if (sender == null) {
            error(new Status(503, "5.5.1", "Send MAIL first"));
            return;
        }
        if (recipients.isEmpty()) {
            error(new Status(554, "5.5.1", "No valid recipients")); // RFC 5321 §3.3
            return;
        }
        out.plain(354, "Start mail input; end with <CRLF>.<CRLF>");
        out.flush();
        try (MessageBuffer body = new MessageBuffer(settings.maxMessageBytes(), LiteralSpool.MEMORY_BYTES, null)) {
            in.data(body);
            out.reply(deliver(body));
        } finally {
            reset();
        }
        out.flush();
    }

    private Status deliver(MessageBuffer body) throws IOException {
        if (body.overflowed()) return tooBig();
        // RFC 3848: ESMTP, with S after STARTTLS and A after AUTH.
        String protocol = "ESMTP" + (channel.secure() ? "S" : "") + (user != null ? "A" : "");
        Envelope envelope = new Envelope(sender, helo, channel.peerAddress(), protocol);
        List<Status> replies;
        long copies = 2; // the body as received and the one copy with trace headers, shared by every recipient
        try (MessageMemory.Lease lease = settings.memory().acquire(copies * body.size())) {
            replies = settings.delivery().deliver(envelope, List.copyOf(recipients), body.bytes());
        }
        log.info("smtp {}: from <{}> {} recipient(s), {} bytes: {}", channel.peerAddress(), sender,
                recipients.size(), body.size(), replies.stream().map(s -> Integer.toString(s.code())).toList());
        for (Status s : replies) if (!s.positive()) return s;
        return new Status(250, "2.0.0", "Message accepted for " + replies.size() + " recipient(s)");
    }

    private Status tooBig() {
        return new Status(552, "5.3.4", "Message too big (at most " + settings.maxMessageBytes() + " bytes)");
    }
}
