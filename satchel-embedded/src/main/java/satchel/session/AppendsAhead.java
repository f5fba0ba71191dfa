package satchel.session;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import satchel.protocol.Command;
import satchel.store.StoreException;
import satchel.wire.ProtocolException;

/**
 * Pipelined APPENDs of one session, read ahead so they share a commit (issue 11). A session answers commands one
 * by one, and an APPEND is answered only once durable, so a client pipelining single APPENDs (LITERAL+, as mbsync
 * and imapsync do) got at most one message per commit from each connection. Now, when an APPEND has been read and
 * the client has already sent more, the session reads on: each further APPEND that only the store could still
 * refuse is queued in the store at once ({@link AppendCommand#start}), in order, so they get their UIDs in command
 * order and go into the same group commit. The first other command (or an APPEND that could fail otherwise, or a
 * syntax error, or the end of the stream) ends the read-ahead and waits here, read but not run.
 *
 * <p>Then every command is run and answered in its turn exactly as without the read-ahead: a queued APPEND's tagged
 * OK only after its own commit, its failure (quota, disk) answered for it alone, since each is its own savepoint.
 * Reading never waits for the client while answers are owed, except to finish a command it has begun to send
 * (which, with LITERAL+, it sends whole without waiting); a synchronising literal gets its "+" as usual. Not over
 * COMPRESS, whose stream cannot tell whether bytes are ready. Bounded: {@link #MAX_COMMANDS} commands, and their
 * messages counted in the server's message memory (not queued when it has no room at once).
 */
final class AppendsAhead {
    static final int MAX_COMMANDS = 32;

    /** A command read ahead: returns it (null at end of stream) or throws what reading it threw. */
    @FunctionalInterface
    interface Next {
        Command get() throws IOException, ProtocolException;
    }

    /** Reads the next command (it may wait only to finish one the client has begun) and says whether more is sent. */
    interface Input {
        Command read() throws IOException, ProtocolException;

        boolean ready() throws IOException;
    }

    private final ArrayDeque<Next> read = new ArrayDeque<>();
    private final Map<Command.Append, AppendCommand.Started> started = new IdentityHashMap<>();

    /** Whether commands read ahead wait to be run; they come before anything still unread. */
    boolean hasNext() {
        return !read.isEmpty();
    }

    Next next() {
        return read.poll();
    }

    /** The store write of {@code cmd} if it was queued ahead; its handler then only awaits and answers it. */
    Optional<AppendCommand.Started> take(Command.Append cmd) {
        return Optional.ofNullable(started.remove(cmd));
    }

    /**
     * {@code first} was just read from the client: if the client has sent more, queues it in the store if it can
     * be, then reads on while the client has sent more and every command read is an APPEND queued too.
     */
    void readAhead(AppendCommand appends, UserContext user, Command.Append first, Input in) {
        try {
            // Nothing sent after it (a lone APPEND, a MULTIAPPEND whose client waits for the answer): its handler
            // runs it the usual way.
            if (!in.ready()) return;
        } catch (IOException e) {
            return; // the handler's own reads and writes will say the connection is gone
        }
        Optional<AppendCommand.Started> s = appends.start(user, first, false);
        if (s.isEmpty()) return;
        started.put(first, s.get());
        try {
            while (started.size() < MAX_COMMANDS && in.ready()) {
                Command cmd;
                try {
                    cmd = in.read();
                } catch (IOException | ProtocolException e) {
                    read.add(() -> { throw e; });
                    return;
                }
                read.add(() -> cmd);
                if (!(cmd instanceof Command.Append a)) return;
                s = appends.start(user, a, true);
                if (s.isEmpty()) return;
                started.put(a, s.get());
            }
        } catch (IOException e) {
            read.add(() -> { throw e; }); // ready() failed: the connection is gone, as the next read will say
        }
    }

    /** The session ends before answering them: what was queued is awaited (it commits), its memory given back. */
    void abandon() {
        for (AppendCommand.Started s : started.values()) {
            try {
                s.await();
            } catch (StoreException | RuntimeException ignored) {
                // nobody left to tell
            }
        }
        started.clear();
        read.clear();
    }
}
