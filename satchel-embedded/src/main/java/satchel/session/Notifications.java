package satchel.session;

import java.io.IOException;
import java.util.concurrent.locks.ReentrantLock;
import satchel.protocol.Command;

/**
 * The NOTIFY (RFC 5465) side of one connection: the active {@link Notifier}, if any, and the lock that keeps its
 * deliveries between commands. A command other than IDLE holds the lock from start to tagged completion, so
 * unsolicited responses never land inside its answer; while the client is between commands or idling, the
 * notifier writes at once (§5: "at any time"). Without NOTIFY every hook returns after one volatile read.
 * The connection thread calls the hooks; {@link #close} may come from any thread.
 */
final class Notifications {
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Notifier active;
    /** The connection thread holds the lock for the command in progress; that thread only. */
    private boolean held;

    /** Before a command runs: waits for a delivery in progress, then keeps others out (not for IDLE). */
    void commandStarts(Command cmd) {
        Notifier n = active;
        if (n == null || cmd instanceof Command.Idle) return;
        lock.lock();
        held = true;
        n.commandStarts();
    }

    /** After the command's own updates, before its tagged completion: what is pending goes out now. */
    void beforeTagged(SessionState next, Replies out) throws IOException {
        Notifier n = active;
        if (n == null) return;
        lock.lock(); // held already, except in IDLE
        try {
            n.deliver(next, true);
        } finally {
            lock.unlock();
        }
    }

    /** After the tagged completion: deliveries may go out at once again. */
    void commandEnded(SessionState next) {
        Notifier n = active;
        if (n != null) n.state(next);
        if (held) {
            held = false;
            lock.unlock();
        }
    }

    ReentrantLock lock() { return lock; }

    /** Replaces the active notifier (NOTIFY SET) or ends it (NOTIFY NONE: null). */
    void set(Notifier next) {
        Notifier old = active;
        active = next;
        if (old != null) old.close();
    }

    Notifier active() { return active; }

    void close() {
        set(null);
    }
}
