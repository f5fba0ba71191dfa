package satchel.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class AddressKeyTest {
    @Test void ipv4IsItsOwnKey() {
        assertThat(AddressKey.of("192.0.2.7").value()).isEqualTo("192.0.2.7");
        assertThat(AddressKey.of("192.0.2.7")).isNotEqualTo(AddressKey.of("192.0.2.8"));
    }

    @Test void ipv6IsGroupedBySlash64() {
        AddressKey a = AddressKey.of("2001:db8:1:2::1");
        assertThat(a.value()).isEqualTo("2001:db8:1:2::/64");
        assertThat(AddressKey.of("2001:db8:1:2:ffff:ffff:ffff:ffff")).isEqualTo(a);
        assertThat(AddressKey.of("2001:db8:1:3::1")).isNotEqualTo(a);
    }

    @Test void ipv4MappedIpv6CountsAsIpv4() throws Exception {
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 192, 0, 2, 7};
        assertThat(AddressKey.of(java.net.Inet6Address.getByAddress(null, mapped, -1))).isEqualTo(AddressKey.of("192.0.2.7"));
        assertThat(AddressKey.of("::ffff:192.0.2.7")).isEqualTo(AddressKey.of("192.0.2.7"));
    }

    @Test void textThatIsNoAddressIsItsOwnKey() {
        assertThat(AddressKey.of("stdio").value()).isEqualTo("stdio");
    }

    @Test void loopbackIsOneKeyPerFamily() throws Exception {
        assertThat(AddressKey.of(InetAddress.getLoopbackAddress()).value()).isEqualTo("127.0.0.1");
        assertThat(AddressKey.of("::1").value()).isEqualTo("0:0:0:0::/64");
    }

    @Test void zoneIdsAreDroppedAndNamesAreNeverLookedUp() {
        assertThat(AddressKey.of("fe80::1%eth0").value()).isEqualTo("fe80:0:0:0::/64");
        assertThat(AddressKey.of("2001:0db8:0001:0002::").value()).isEqualTo("2001:db8:1:2::/64");
        assertThat(AddressKey.of("localhost").value()).isEqualTo("localhost");
        assertThat(AddressKey.parse("example.org")).isEmpty();
        assertThat(AddressKey.parse("")).isEmpty();
        assertThat(AddressKey.parse(null)).isEmpty();
    }
}
