package satchel.session;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import satchel.session.SessionState.Selected;
import satchel.wire.ProtocolException;
import satchel.wire.Response;

/**
 * IDLE (RFC 2177). The connection thread blocks reading the line that must be DONE; a companion virtual
 * thread sends mailbox updates as the store rings, polls now and then for writers outside this process, and
 * keeps the connection warm. Bytes after DONE stay in the reader for the next command (clients pipeline them).
 */
final class IdleCommand {
    static final Duration POLL = Duration.ofSeconds(15);
    static final Duration KEEPALIVE = Duration.ofMinutes(2);

    private final Env env;

    IdleCommand(Env env) {
        this.env = env;
    }

    SessionState run(SessionState state) throws IOException {
        Replies out = env.out();
        MailboxView view = state instanceof Selected s ? s.view() : null;
        Semaphore bell = new Semaphore(0);
        AtomicBoolean done = new AtomicBoolean();
        // Subscribe first, then catch up, so nothing slips in between.
        if (view != null) view.onChange(bell::release);
        out.send(Response.continuation().text("idling"));
        Thread notifier = Thread.ofVirtual().name("idle-notifier").start(() -> notify(view, bell, done, out));
        String line;
        try {
            line = env.conn().reader().readLine();
        } catch (SocketTimeoutException e) {
            stop(notifier, view, bell, done);
            out.send(Response.untagged().atom("BYE").text("Autologout; idle for too long"));
            return new SessionState.Logout();
        } catch (ProtocolException e) {
            stop(notifier, view, bell, done);
            if (e.kind() == ProtocolException.Kind.FATAL) { // e.g. a line far over its budget: out of step
                out.send(Response.untagged().atom("BYE").text(e.getMessage()));
                return new SessionState.Logout();
            }
            out.bad("Expected DONE");
            return state;
        } catch (IOException e) {
            stop(notifier, view, bell, done);
            throw e;
        }
        stop(notifier, view, bell, done);
        if (line == null) return new SessionState.Logout();
        if (!line.equalsIgnoreCase("DONE")) out.bad("Expected DONE");
        else out.ok("IDLE terminated");
        return state;
    }

    private static void notify(MailboxView view, Semaphore bell, AtomicBoolean done, Replies out) {
        long lastWrite = System.nanoTime();
        try {
            if (view != null) {
                view.sync(out, true);
                out.writerFlush();
            }
            while (!done.get()) {
                boolean rung = bell.tryAcquire(POLL.toMillis(), TimeUnit.MILLISECONDS);
                bell.drainPermits();
                if (done.get()) break;
                if (view != null) {
                    long wokeAt = System.nanoTime();
                    long bellNo = view.heardBell();
                    if (rung) view.syncAfterBell(out);
                    else view.sync(out, true);
                    long syncedAt = System.nanoTime();
                    out.writerFlush();
                    if (rung) view.traced(bellNo, wokeAt, syncedAt, System.nanoTime());
                }
                if (!rung && System.nanoTime() - lastWrite > KEEPALIVE.toNanos()) {
                    out.send(Response.untagged().atom("OK").text("Still here"));
                    lastWrite = System.nanoTime();
                }
            }
        } catch (InterruptedException | IOException e) {
            // the connection closed; the command thread notices on its next read
        }
    }

    /** No interrupt: interrupting a virtual thread blocked in socket I/O would close the socket. */
    private static void stop(Thread notifier, MailboxView view, Semaphore bell, AtomicBoolean done) {
        if (view != null) view.onChange(null);
        done.set(true);
        bell.release();
        try {
            notifier.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
