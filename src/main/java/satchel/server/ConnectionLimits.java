package satchel.server;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Counts open connections, overall and per remote address. Thread-safe. */
final class ConnectionLimits {
    private final int global;
    private final int perAddress;
    private final Map<String, Integer> byAddress = new HashMap<>();
    private int total;

    ConnectionLimits(int global, int perAddress) {
        this.global = global;
        this.perAddress = perAddress;
    }

    /** Empty when admitted (call {@link #release} later); otherwise the reason to say in BYE. */
    synchronized Optional<String> tryAcquire(String address) {
        if (total >= global) return Optional.of("Too many connections, try again later");
        int mine = byAddress.getOrDefault(address, 0);
        if (mine >= perAddress) return Optional.of("Too many connections from your address");
        total++;
        byAddress.put(address, mine + 1);
        return Optional.empty();
    }

    synchronized void release(String address) {
        total--;
        byAddress.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
    }

    synchronized int open() {
        return total;
    }
}
