package satchel.server;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Counts open connections, overall and per remote address, and logged-in sessions per user. Thread-safe. */
final class ConnectionLimits {
    private final int global;
    private final int perAddress;
    private final int perUser;
    private final Map<String, Integer> byAddress = new HashMap<>();
    private final Map<String, Integer> byUser = new HashMap<>();
    private int total;

    ConnectionLimits(int global, int perAddress, int perUser) {
        this.global = global;
        this.perAddress = perAddress;
        this.perUser = perUser;
    }

    /** A login of {@code user}: true if admitted (call {@link #releaseUser} when the session ends). */
    synchronized boolean tryAcquireUser(String user) {
        int mine = byUser.getOrDefault(user, 0);
        if (mine >= perUser) return false;
        byUser.put(user, mine + 1);
        return true;
    }

    synchronized void releaseUser(String user) {
        byUser.computeIfPresent(user, (u, n) -> n <= 1 ? null : n - 1);
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
