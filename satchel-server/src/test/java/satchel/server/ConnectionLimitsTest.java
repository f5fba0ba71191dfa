package satchel.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import satchel.server.ConnectionLimits.Admission;

/** Counting from accept, per address key, and making room on a full server. */
class ConnectionLimitsTest {
    private long ids;

    private Peer peer(String address) {
        return new Peer(++ids, new Socket(), address, false);
    }

    @Test void ipv6AddressesInOneSlash64ShareTheirLimit() {
        var limits = new ConnectionLimits(100, 2, 10);
        assertThat(limits.admit(peer("2001:db8:1:2::1"))).isInstanceOf(Admission.Admitted.class);
        assertThat(limits.admit(peer("2001:db8:1:2::2"))).isInstanceOf(Admission.Admitted.class);
        assertThat(limits.admit(peer("2001:db8:1:2:abcd::9")))
                .isEqualTo(new Admission.Refused("Too many connections from your address"));
        assertThat(limits.admit(peer("2001:db8:1:3::1"))).isInstanceOf(Admission.Admitted.class);
    }

    @Test void fullServerEvictsTheOldestNotLoggedInAndNeverALoggedInOne() {
        var limits = new ConnectionLimits(2, 10, 10);
        Peer first = peer("192.0.2.1");
        Peer second = peer("192.0.2.2");
        limits.admit(first);
        limits.admit(second);
        limits.loggedIn(first);

        Peer third = peer("192.0.2.3");
        assertThat(limits.admit(third)).isEqualTo(new Admission.Admitted(Optional.of(second)));
        assertThat(limits.open()).isEqualTo(2);
        limits.release(second); // its thread ends later: released once only
        assertThat(limits.open()).isEqualTo(2);

        limits.loggedIn(third);
        assertThat(limits.admit(peer("192.0.2.4")))
                .isEqualTo(new Admission.Refused("Too many connections, try again later"));
        limits.release(third);
        assertThat(limits.admit(peer("192.0.2.4"))).isEqualTo(new Admission.Admitted(Optional.empty()));
    }

    /** SIGHUP: a lowered limit refuses newcomers and keeps who is counted; a raised one admits at once. */
    @Test void resizedLimitsApplyToNewcomersOnly() {
        var limits = new ConnectionLimits(100, 3, 10);
        Peer a = peer("192.0.2.1");
        Peer b = peer("192.0.2.1");
        limits.admit(a);
        limits.admit(b);
        limits.resize(100, 1, 10);
        assertThat(limits.open()).isEqualTo(2);
        assertThat(limits.admit(peer("192.0.2.1")))
                .isEqualTo(new Admission.Refused("Too many connections from your address"));
        limits.resize(100, 3, 1);
        assertThat(limits.tryAcquireUser("alice")).isTrue();
        assertThat(limits.tryAcquireUser("alice")).isFalse();
        assertThat(limits.admit(peer("192.0.2.1"))).isEqualTo(new Admission.Admitted(Optional.empty()));
    }
}
