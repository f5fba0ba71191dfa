package satchel.session;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import satchel.mime.BinaryContent;
import satchel.protocol.Command.Append;
import satchel.protocol.Command.AppendMessage;
import satchel.protocol.MailboxName;
import satchel.store.AppendResult;
import satchel.store.MailboxInfo;
import satchel.store.NewMessage;
import satchel.store.StoreException;

/** APPEND (RFC 3501 §6.3.11) and MULTIAPPEND (RFC 3502): all messages stored, or none. */
final class AppendCommand {
    private final Env env;

    AppendCommand(Env env) {
        this.env = env;
    }

    void run(UserContext user, Append cmd) throws StoreException {
        try {
            append(user, cmd);
        } finally {
            for (AppendMessage m : cmd.messages()) m.content().close(); // spool files go now, not at the next command
        }
    }

    private void append(UserContext user, Append cmd) throws StoreException {
        Replies out = env.out();
        Optional<MailboxInfo> target = target(user, cmd.mailbox(), out);
        if (target.isEmpty()) return;
        Optional<List<AppendResult>> results = store(user, target.get(), cmd.messages(), out);
        if (results.isPresent()) out.ok(appendUid(results.get()), "Append completed.");
    }

    /** The mailbox to append to, or empty after answering NO (RFC 3501 §6.3.11); REPLACE asks the same. */
    Optional<MailboxInfo> target(UserContext user, MailboxName mailbox, Replies out) throws StoreException {
        if (!(mailbox instanceof MailboxName.Valid(String name))) {
            // no TRYCREATE: CREATE would refuse the name (RFC 3501 §6.3.11: only "if there is any chance")
            out.no("NONEXISTENT", ((MailboxName.Invalid) mailbox).message());
            return Optional.empty();
        }
        Optional<MailboxInfo> target = user.mail().find(name);
        if (target.isEmpty()) {
            // RFC 3501 §6.3.11: the client may CREATE and retry.
            out.no("TRYCREATE", "Mailbox does not exist");
            return Optional.empty();
        }
        if (!target.get().selectable()) {
            out.no("CANNOT", "Mailbox cannot hold messages");
            return Optional.empty();
        }
        return target;
    }

    /**
     * Reads the messages into memory (from the spool for large ones) under the server's message budget, and
     * stores them, all or none; the budget is given back once the store has committed (or failed). Empty after
     * answering NO or BAD.
     */
    Optional<List<AppendResult>> store(UserContext user, MailboxInfo target, List<AppendMessage> given, Replies out)
            throws StoreException {
        long total = 0;
        for (AppendMessage m : given) {
            if (m.content().size() == 0) {
                out.no("Cannot append an empty message");
                return Optional.empty();
            }
            total += m.content().size();
        }
        try (MessageMemory.Lease lease = env.config().messageMemory().acquire(total)) {
            List<NewMessage> messages = new ArrayList<>();
            for (AppendMessage m : given) {
                Instant date = m.internalDate().map(d -> d.toInstant()).orElseGet(Instant::now);
                // RFC 3516 §4.4: a literal8 may carry NULs, which only FETCH BINARY may send back as they are.
                byte[] content = BinaryContent.toText(m.content().bytes());
                messages.add(new NewMessage(content, Flags.storable(m.flags()), date));
            }
            return Optional.of(user.mail().append(target.id(), messages));
        } catch (Flags.Invalid e) {
            out.bad(e.getMessage());
        } catch (IOException e) {
            out.no("UNAVAILABLE", "Cannot store the message now: " + e.getMessage());
        }
        return Optional.empty();
    }

    /** RFC 4315 §3 APPENDUID response code. */
    static String appendUid(List<AppendResult> results) {
        List<Long> uids = results.stream().map(AppendResult::uid).toList();
        return "APPENDUID " + results.getFirst().uidValidity() + " " + UidSets.format(uids);
    }
}
