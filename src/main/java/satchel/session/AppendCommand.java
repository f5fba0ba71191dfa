package satchel.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
        Replies out = env.out();
        if (!(cmd.mailbox() instanceof MailboxName.Valid(String name))) {
            // no TRYCREATE: CREATE would refuse the name (RFC 3501 §6.3.11: only "if there is any chance")
            out.no("NONEXISTENT", ((MailboxName.Invalid) cmd.mailbox()).message());
            return;
        }
        Optional<MailboxInfo> target = user.mail().find(name);
        if (target.isEmpty()) {
            // RFC 3501 §6.3.11: the client may CREATE and retry.
            out.no("TRYCREATE", "Mailbox does not exist");
            return;
        }
        if (!target.get().selectable()) {
            out.no("CANNOT", "Mailbox cannot hold messages");
            return;
        }
        List<NewMessage> messages = new ArrayList<>();
        for (AppendMessage m : cmd.messages()) {
            if (m.content().length == 0) {
                out.no("Cannot append an empty message");
                return;
            }
            try {
                Instant date = m.internalDate() == null ? Instant.now() : m.internalDate().toInstant();
                messages.add(new NewMessage(m.content(), Flags.storable(m.flags()), date));
            } catch (Flags.Invalid e) {
                out.bad(e.getMessage());
                return;
            }
        }
        List<AppendResult> results = user.mail().append(target.get().id(), messages);
        List<Long> uids = results.stream().map(AppendResult::uid).toList();
        out.ok("APPENDUID " + results.getFirst().uidValidity() + " " + UidSets.format(uids), "Append completed.");
    }
}
