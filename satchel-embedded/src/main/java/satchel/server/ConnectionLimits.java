package satchel.server;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedSet;
import satchel.net.AddressKey;

/**
 * Counts open connections, overall and per client address ({@link AddressKey}: IPv6 by /64), from the moment
 * they are accepted on any listener, and logged-in sessions per user. Thread-safe.
 *
 * <p>A full server makes room rather than refusing: the oldest connection that has not logged in yet is
 * dropped for the newcomer, as Dovecot's login processes do, so clients that hold connections without
 * logging in (slowloris) cannot keep everyone else out. Logged-in sessions are never dropped for a newcomer.
 */
final class ConnectionLimits {
    /** What {@link #admit} decided. */
    sealed interface Admission {
        /** Counted; {@code evicted}, if present, no longer counts and should be told to go. */
        record Admitted(Optional<Peer> evicted) implements Admission {}

        record Refused(String reason) implements Admission {}
    }

    private int global;
    private int perAddress;
    private int perUser;
    private final Map<AddressKey, Integer> byAddress = new HashMap<>();
    private final Map<String, Integer> byUser = new HashMap<>();
    private final SequencedSet<Peer> notLoggedIn = new LinkedHashSet<>(); // in accept order, oldest first
    private int total;

    ConnectionLimits(int global, int perAddress, int perUser) {
        this.global = global;
        this.perAddress = perAddress;
        this.perUser = perUser;
    }

    /** Counts {@code peer} (call {@link #release} when it closes) or says why not. */
    /**
     * New limits (SIGHUP). Connections and sessions already counted stay, even above a lowered limit: only
     * newcomers are refused until the count falls below it.
     */
    synchronized void resize(int global, int perAddress, int perUser) {
        this.global = global;
        this.perAddress = perAddress;
        this.perUser = perUser;
    }

    synchronized Admission admit(Peer peer) {
        int mine = byAddress.getOrDefault(peer.key, 0);
        if (mine >= perAddress) return new Admission.Refused("Too many connections from your address");
        Optional<Peer> evicted = Optional.empty();
        if (total >= global) {
            if (notLoggedIn.isEmpty()) return new Admission.Refused("Too many connections, try again later");
            Peer oldest = notLoggedIn.getFirst();
            release(oldest);
            evicted = Optional.of(oldest);
            mine = byAddress.getOrDefault(peer.key, 0);
        }
        total++;
        byAddress.put(peer.key, mine + 1);
        notLoggedIn.add(peer);
        peer.counted = true;
        return new Admission.Admitted(evicted);
    }

    /** The peer logged in: it is no longer the first to go when the server is full. */
    synchronized void loggedIn(Peer peer) {
        notLoggedIn.remove(peer);
    }

    /** Idempotent: a peer evicted earlier is not released twice. */
    synchronized void release(Peer peer) {
        if (!peer.counted) return;
        peer.counted = false;
        total--;
        byAddress.computeIfPresent(peer.key, (a, n) -> n <= 1 ? null : n - 1);
        notLoggedIn.remove(peer);
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

    synchronized int open() {
        return total;
    }
}
