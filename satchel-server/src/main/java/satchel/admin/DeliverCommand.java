package satchel.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import satchel.config.ServerConfig;
import satchel.delivery.Delivery;
import satchel.delivery.DeliveryException;
import satchel.delivery.Envelope;
import satchel.delivery.MessageBuffer;
import satchel.delivery.Recipient;
import satchel.delivery.Status;
import satchel.server.Stores;
import satchel.store.MailStore;
import satchel.store.MailboxNames;
import satchel.wire.LiteralSpool;

/**
 * {@code satchel deliver --user NAME [--mailbox NAME] [--from ADDRESS]}: one message on stdin into a user's
 * mailbox, through the same {@link Delivery} path as LMTP (for Postfix {@code mailbox_command}, fetchmail's
 * {@code mda}, procmail). Exit codes are sendmail's (sysexits.h), which those programs understand: 0 delivered,
 * 67 unknown user, 75 temporary failure (the caller keeps the message and retries), 77 over quota (refused for
 * good, as LMTP's 552 5.2.2), 65 a message refused for good otherwise (too big). A leading mbox {@code From } line is dropped; bare LF line ends become CRLF.
 */
@Command(name = "deliver", description = "Deliver one message from stdin to a user's mailbox (exit 0, 67 no such user, 75 try again, 77 over quota).")
final class DeliverCommand implements Callable<Integer> {
    static final int EX_DATAERR = 65;
    static final int EX_NOUSER = 67;
    static final int EX_TEMPFAIL = 75;
    static final int EX_NOPERM = 77;

    private final Io io;

    @Mixin StoreOptions store = new StoreOptions();

    @Option(names = "--user", required = true, paramLabel = "NAME", description = "The user the message is for.")
    String user;

    @Option(names = "--mailbox", paramLabel = "NAME", description = "Mailbox to deliver to (default: INBOX; INBOX too if it does not exist).")
    String mailbox = MailboxNames.INBOX;

    @Option(names = "--from", paramLabel = "ADDRESS", description = "Envelope sender for Return-Path (Postfix: \"$SENDER\").")
    String from = "";

    DeliverCommand(Io io) {
        this.io = io;
    }

    @Override public Integer call() throws Failure {
        ServerConfig config = store.load();
        Logs.apply(config.logging());
        Status result;
        try (MailStore mail = Stores.open(config)) {
            result = deliver(config, mail);
        } catch (IOException e) {
            result = Status.unavailable(e.getMessage());
        }
        if (!result.positive()) io.err().println("satchel deliver: " + result);
        if (result.positive()) return 0;
        if (result.temporary()) return EX_TEMPFAIL;
        if (result.enhanced().equals("5.2.2")) return EX_NOPERM; // over quota: as dovecot-lda -e answers
        return result.enhanced().startsWith("5.1.") ? EX_NOUSER : EX_DATAERR;
    }

    private Status deliver(ServerConfig config, MailStore mail) throws IOException {
        var delivery = new Delivery(mail, java.util.List.of(), Delivery.localHostname(),
                (config.store() instanceof satchel.config.StoreChoice.Sqlite) ? config.dataDir() : null, Clock.systemDefaultZone());
        Recipient to;
        try {
            to = delivery.recipients().local(user, mailbox);
        } catch (DeliveryException e) {
            return e.status();
        }
        LiteralSpool spool = LiteralSpool.under(config.spool());
        long max = config.limits().appendBytes();
        try (MessageBuffer body = new MessageBuffer(max, LiteralSpool.MEMORY_BYTES, spool.directory().orElse(null))) {
            skipFromLine(io.in(), body);
            if (body.overflowed()) return new Status(552, "5.3.4", "Message too big (at most " + max + " bytes)");
            if (body.spoolFailure() != null) return Status.full("Cannot spool the message: " + body.spoolFailure().getMessage());
            return delivery.deliver(new Envelope(from, null, "local", "local"), to, body.bytes());
        } finally {
            spool.directory().ifPresent(DeliverCommand::deleteQuietly);
        }
    }

    /** Copies stdin into {@code body}, without an mbox "From " separator line at the very start. */
    private static void skipFromLine(InputStream stdin, MessageBuffer body) throws IOException {
        var in = new PushbackInputStream(stdin, 5);
        byte[] start = in.readNBytes(5);
        if (new String(start, java.nio.charset.StandardCharsets.ISO_8859_1).equals("From ")) {
            for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
                // the separator line, dropped
            }
        } else {
            in.unread(start);
        }
        in.transferTo(body);
    }

    private static void deleteQuietly(java.nio.file.Path dir) {
        try (var files = java.nio.file.Files.list(dir)) {
            for (var f : files.toList()) java.nio.file.Files.deleteIfExists(f);
            java.nio.file.Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // removed by the next process that opens the spool
        }
    }
}
