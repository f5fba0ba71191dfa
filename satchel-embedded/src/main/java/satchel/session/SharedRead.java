package satchel.session;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
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
    }

    private Flight<T> running;
    /** Not started yet, so anyone may still join it. */
    private Flight<T> queued;

    /** The result of a read begun after this call, run with an argument no greater than {@code arg}. */
    T get(long arg, Read<T> read) throws StoreException {
        Flight<T> mine;
        Flight<T> before = null;
        boolean runs = false;
        synchronized (this) {
            if (queued == null) {
                queued = new Flight<>();
                before = running;
                runs = true;
            }
            mine = queued;
            mine.arg = Math.min(mine.arg, arg);
        }
        if (runs) run(mine, before, read);
        return resultOf(mine);
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
        }
        try {
            mine.result.complete(read.run(arg));
        } catch (StoreException | RuntimeException e) {
            mine.result.completeExceptionally(e);
        } finally {
            synchronized (this) {
                if (running == mine) running = null;
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
