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
import satchel.store.Pending;
import satchel.store.StoreException;

/**
 * APPEND (RFC 3501 §6.3.11), MULTIAPPEND (RFC 3502) and CATENATE (RFC 4469, {@link Catenation}): all messages
 * stored, or none.
 */
final class AppendCommand {
    private final Env env;

    AppendCommand(Env env) {
        this.env = env;
    }

    /** {@code selected}: the selected mailbox, if any, the base of relative CATENATE URLs (RFC 4469 §3). */
    void run(UserContext user, Append cmd, Optional<MailboxView> selected) throws StoreException {
        try {
            append(user, cmd, selected);
        } finally {
            for (AppendMessage m : cmd.messages()) m.close(); // spool files go now, not at the next command
        }
    }

    private void append(UserContext user, Append cmd, Optional<MailboxView> selected) throws StoreException {
        Replies out = env.out();
        Optional<Started> started = env.conn().appendsAhead().take(cmd);
        if (started.isPresent()) {
            out.ok(appendUid(started.get().await()), "Append completed.");
            return;
        }
        Optional<MailboxInfo> target = target(user, cmd.mailbox(), out);
        if (target.isEmpty()) return;
        Optional<List<AppendResult>> results = store(user, target.get(), cmd.messages(), selected, out);
        if (results.isPresent()) out.ok(appendUid(results.get()), "Append completed.");
    }

    /** The mailbox to append to, or empty after answering NO (RFC 3501 §6.3.11); REPLACE asks the same. */
    Optional<MailboxInfo> target(UserContext user, MailboxName mailbox, Replies out) throws StoreException {
        if (!(mailbox instanceof MailboxName.Valid(String name))) {
            // no TRYCREATE: CREATE would refuse the name (RFC 3501 §6.3.11: only "if there is any chance")
            out.no("NONEXISTENT", ((MailboxName.Invalid) mailbox).message());
            return Optional.empty();
        }
        Optional<MailboxInfo> target = user.mail().appendTarget(name);
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
    Optional<List<AppendResult>> store(UserContext user, MailboxInfo target, List<AppendMessage> given,
                                       Optional<MailboxView> selected, Replies out) throws StoreException {
        // The literals are bounded by the reader; what URLs add is bounded here, by the same APPEND budget.
        long limit = env.config().afterLogin().appendBytes();
        try (MessageMemory.Lease lease = env.config().messageMemory().acquire(literalBytes(given))) {
            Optional<List<NewMessage>> messages = messages(user, selected, given, limit);
            if (messages.isEmpty()) {
                out.no("Cannot append an empty message");
                return Optional.empty();
            }
            // Into the mailbox this session has selected, the store may take its \Recent claim in the same write.
            if (selected.isPresent()) return Optional.of(selected.get().append(target, messages.get()));
            return Optional.of(user.mail().appendLater(target, messages.get()).await());
        } catch (Catenation.BadUrl e) {
            out.no(e.code(), "Cannot read " + e.url + ": " + e.getMessage());
        } catch (Catenation.TooBig e) {
            out.no("TOOBIG", e.getMessage());
        } catch (Flags.Invalid e) {
            out.bad(e.getMessage());
        } catch (IOException e) {
            out.no("UNAVAILABLE", "Cannot store the message now: " + e.getMessage());
        }
        return Optional.empty();
    }

    /** The bytes of the messages' literals (CATENATE URLs not counted). */
    private static long literalBytes(List<AppendMessage> given) {
        long total = 0;
        for (AppendMessage m : given) {
            for (var p : m.parts()) if (p instanceof satchel.protocol.Command.CatPart.Text t) total += t.literal().size();
        }
        return total;
    }

    /**
     * The messages to store, each joined from its parts (RFC 4469 CATENATE), {@code limit} bytes in all; empty if
     * one of them is empty.
     */
    private static Optional<List<NewMessage>> messages(UserContext user, Optional<MailboxView> selected,
                                                       List<AppendMessage> given, long limit)
            throws StoreException, IOException, Catenation.BadUrl, Catenation.TooBig, Flags.Invalid {
        List<NewMessage> messages = new ArrayList<>();
        long joined = 0;
        for (AppendMessage m : given) {
            byte[] raw = Catenation.join(user, selected, m.parts(), limit - joined);
            joined += raw.length;
            if (raw.length == 0) return Optional.empty();
            Instant date = m.internalDate().map(d -> d.toInstant()).orElseGet(Instant::now);
            // RFC 3516 §4.4: a literal8 may carry NULs, which only FETCH BINARY may send back as they are.
            messages.add(new NewMessage(BinaryContent.toText(raw), Flags.storable(m.flags()), date));
        }
        return Optional.of(messages);
    }

    /**
     * An APPEND queued in the store before its turn to be answered ({@link AppendsAhead}); {@link #await} gives its
     * result (or its store failure, answered as any) and the message memory back.
     */
    record Started(Pending<List<AppendResult>> pending, MessageMemory.Lease lease) {
        List<AppendResult> await() throws StoreException {
            try {
                return pending.await();
            } finally {
                lease.close();
            }
        }
    }

    /**
     * Queues {@code cmd} in the store now if nothing can make it fail but the store: a mailbox that exists and takes
     * messages, messages given whole (no CATENATE URL, which could name a message queued just before), not empty,
     * valid flags, within the size limit, and memory for it free at once ({@code ahead}: counted whatever its size;
     * else as {@link #store} counts it). Empty otherwise, and then {@link #run} does it all again and answers the
     * failure in its turn. One mailbox lookup either way.
     */
    Optional<Started> start(UserContext user, Append cmd, boolean ahead) {
        if (!(cmd.mailbox() instanceof MailboxName.Valid(String name))) return Optional.empty();
        for (AppendMessage m : cmd.messages()) {
            for (var p : m.parts()) if (!(p instanceof satchel.protocol.Command.CatPart.Text)) return Optional.empty();
        }
        long total = literalBytes(cmd.messages());
        long limit = env.config().afterLogin().appendBytes();
        if (total > limit) return Optional.empty();
        MessageMemory memory = env.config().messageMemory();
        MessageMemory.Lease lease = ahead ? memory.tryAcquire(total)
                : total < MessageMemory.ACCOUNTED_FROM ? memory.tryAcquire(0) : memory.tryAcquire(total);
        if (lease == null) return Optional.empty();
        try {
            Optional<MailboxInfo> target = user.mail().appendTarget(name);
            if (target.isEmpty() || !target.get().selectable()) {
                lease.close();
                return Optional.empty();
            }
            Optional<List<NewMessage>> messages = messages(user, Optional.empty(), cmd.messages(), limit);
            if (messages.isEmpty()) {
                lease.close();
                return Optional.empty();
            }
            Pending<List<AppendResult>> pending = user.mail().appendLater(target.get(), messages.get());
            return Optional.of(new Started(pending, lease));
        } catch (StoreException | IOException | Catenation.BadUrl | Catenation.TooBig | Flags.Invalid
                 | RuntimeException e) {
            lease.close();
            return Optional.empty();
        }
    }

    /** RFC 4315 §3 APPENDUID response code. */
    static String appendUid(List<AppendResult> results) {
        List<Long> uids = results.stream().map(AppendResult::uid).toList();
        return "APPENDUID " + results.getFirst().uidValidity() + " " + UidSets.format(uids);
    }
}
