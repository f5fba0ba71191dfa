package satchel.attack;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The server under attack and the accounts the runner uses. Only loopback is allowed, for the server and for
 * every source address: the tool sends hostile traffic and must never be pointed elsewhere.
 *
 * @param tlsPort the implicit-TLS port, or 0 when there is none (the TLS classes are then skipped)
 * @param pid the server's process id for RSS and file descriptors from /proc, or 0 when unknown
 * @param legit the user whose logins are timed while attacks run
 * @param ledger the user who appends throughout and whose acknowledged UIDs must all survive
 * @param victim the user whose password is guessed
 * @param attackers users the attacks log in as (spread so per-user limits are not what stops them)
 */
record Target(InetAddress host, int port, int tlsPort, long pid, String password, String legit, String ledger,
              String victim, List<String> attackers) {
    Target {
        requireLoopback(host);
        if (attackers.isEmpty()) throw new IllegalArgumentException("at least one attacker user is needed");
    }

    static InetAddress requireLoopback(InetAddress a) {
        if (!a.isLoopbackAddress()) {
            throw new IllegalArgumentException(a.getHostAddress() + " is not a loopback address; refusing to attack it");
        }
        return a;
    }

    static InetAddress loopback(String host) {
        try {
            return requireLoopback(InetAddress.getByName(host));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host " + host, e);
        }
    }

    /** The n-th attacker user, round robin. */
    String attacker(int n) {
        return attackers.get(Math.floorMod(n, attackers.size()));
    }

    /**
     * Source address {@code k} of attack class {@code slot}: 127.0.(10+slot).(1+k). Each class has its own
     * addresses, so one class's failed logins or per-address counts don't spill into the next; the legitimate
     * probe stays on 127.0.0.1.
     */
    static InetAddress source(int slot, int k) {
        byte[] b = {127, 0, (byte) (10 + slot), (byte) (1 + Math.floorMod(k, 250))};
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    static final InetAddress LEGIT_SOURCE = loopback("127.0.0.1");
}
