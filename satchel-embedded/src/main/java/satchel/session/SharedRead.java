package satchel.session;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.LongSupplier;
import satchel.store.StoreException;

/**
 * One store read shared by every caller that asks while it waits to start, never by a caller that asks after it
 * started: so each caller's answer comes from a read begun after its call, as if it had read alone, and whatever
 * committed before the call (on this node or another) is in it. When a doorbell wakes a thousand sessions at once,
 * the first one reads, the rest queue behind it for one more read, and the store sees two reads, not a thousand.
 *
 * <p>At most one read runs at a time; the caller that opened the queued read runs it (on its own thread) once
 * the running one ends. A read takes an argument, the lowest any of its callers asked for (the oldest modseq a
 * caller needs): each caller then takes its part of the result. A failed read fails every caller that shared it.
 *
 * <p>A caller woken by a doorbell needs less: a read begun after that bell ({@link #getSince}), since the bell
 * rang after the commit it tells of. Each read notes the {@code bells} count when it began, so such a caller may
 * take the read already running or just done, if it began late enough and from a low enough argument: the
 * doorbell itself starts one read, and the thousand sessions it wakes, whenever each gets to run, share it.
 * Thread-safe.
 */
final class SharedRead<T> {
    @FunctionalInterface
    interface Read<T> {
        T run(long arg) throws StoreException;
    }

    private static final class Flight<T> {
        final CompletableFuture<T> result = new CompletableFuture<>();
        long arg = Long.MAX_VALUE;
        /** The bells count just before the read began (set when it starts): it sees every change they rang for. */
        long began = -1;
    }

    private final LongSupplier bells;
    private Flight<T> running;
    /** Not started yet, so anyone may still join it. */
    private Flight<T> queued;
    /** The read that began last and succeeded, for callers woken by a bell it began after. */
    private Flight<T> last;

    /** {@code bells}: how many doorbells have rung so far, counted before each bell's listeners hear it. */
    SharedRead(LongSupplier bells) {
        this.bells = bells;
    }

    SharedRead() {
        this(() -> 0);
    }

    /**
     * The result of a read begun after bell number {@code bell} rang (or after this call), run with an argument no
     * greater than {@code arg}: the read running or last done when one qualifies, else as {@link #get}. Checked and
     * joined under one lock, so a caller never starts a second read while a qualifying one is just beginning.
     */
    T getSince(long bell, long arg, Read<T> read) throws StoreException {
        Flight<T> mine = null;
        Flight<T> before = null;
        boolean runs = false;
        synchronized (this) {
            for (Flight<T> f : java.util.Arrays.asList(running, last)) {
                if (f != null && f.began >= bell && f.arg <= arg && !f.result.isCompletedExceptionally()) {
                    mine = f;
                    break;
                }
            }
            if (mine == null) {
                if (queued == null) {
                    queued = new Flight<>();
                    before = running;
                    runs = true;
                }
                mine = queued;
                mine.arg = Math.min(mine.arg, arg);
            }
        }
        if (runs) run(mine, before, read);
        return resultOf(mine);
    }

    /** The result of a read begun after this call, run with an argument no greater than {@code arg}. */
    T get(long arg, Read<T> read) throws StoreException {
        return getSince(Long.MAX_VALUE, arg, read);
    }

    private void run(Flight<T> mine, Flight<T> before, Read<T> read) {
        if (before != null) {
            try {
                before.result.join();
            } catch (RuntimeException ignored) {
                // its callers see its failure; this read starts afresh
            }
        }
        long arg;
        synchronized (this) {
            running = mine;
            queued = null; // from here on a new caller must not join: this read is under way
            arg = mine.arg;
            mine.began = bells.getAsLong(); // before the read: every bell counted so far rang before it began
        }
        boolean ok = false;
        try {
            mine.result.complete(read.run(arg));
            ok = true;
        } catch (StoreException | RuntimeException e) {
            mine.result.completeExceptionally(e);
        } finally {
            synchronized (this) {
                if (running == mine) running = null;
                if (ok && (last == null || last.began <= mine.began)) last = mine;
            }
        }
    }

    private static <T> T resultOf(Flight<T> f) throws StoreException {
        try {
            return f.result.get();
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                // A copy, so each caller's trace shows its own call; the kind (UNAVAILABLE, NONEXISTENT) is kept.
                case StoreException s -> throw new StoreException(s.kind(), s.getMessage(), s);
                case RuntimeException r -> throw r;
                case Error err -> throw err;
                default -> throw new IllegalStateException(e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(StoreException.Kind.UNAVAILABLE, "Interrupted while reading", e);
        } catch (CancellationException e) {
            throw new IllegalStateException(e);
        }
    }
}
