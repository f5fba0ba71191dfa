package satchel.auth;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import satchel.net.AddressKey;

/**
 * At most {@link #WIDTH} authentication attempts per address key at once; more wait their turn (FIFO).
 * Two effects: the throttle sees each result before more than one further guess of that address runs (a
 * hundred connections sending LOGIN at once cannot all slip past the count), and one address can never
 * fill the {@link HashPool}'s queue, so another address's login waits behind at most a hash or two.
 * A lane exists only while someone holds or waits for it. Thread-safe.
 */
final class AddressLanes {
    static final int WIDTH = 2;

    private final Map<AddressKey, Lane> lanes = new ConcurrentHashMap<>();

    private static final class Lane {
        final Semaphore permits = new Semaphore(WIDTH, true);
        int users; // guarded by the map's per-key lock (compute)
    }

    <T> T run(AddressKey key, Supplier<T> work) {
        Lane lane = lanes.compute(key, (k, l) -> {
            Lane next = l != null ? l : new Lane();
            next.users++;
            return next;
        });
        try {
            lane.permits.acquireUninterruptibly();
            try {
                return work.get();
            } finally {
                lane.permits.release();
            }
        } finally {
            lanes.computeIfPresent(key, (k, l) -> --l.users == 0 ? null : l);
        }
    }

    /** Lanes in use; for tests. */
    int size() {
        return lanes.size();
    }
}
