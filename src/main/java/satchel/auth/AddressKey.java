package satchel.auth;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;

/**
 * The key failed logins are counted under for a remote address. IPv4 addresses count one by one; IPv6
 * addresses count per /64, since one subscriber usually gets a whole /64 and could otherwise rotate through
 * 2^64 addresses. An IPv4-mapped IPv6 address counts as its IPv4 address. Anything that is not an IP literal
 * ("stdio", a test name) is its own key. Never resolves names.
 */
final class AddressKey {
    private AddressKey() {}

    static String of(String remoteAddress) {
        return parse(remoteAddress).map(AddressKey::of).orElse(remoteAddress);
    }

    static String of(InetAddress address) {
        if (!(address instanceof Inet6Address)) return address.getHostAddress();
        byte[] b = address.getAddress();
        var key = new StringBuilder();
        for (int i = 0; i < 8; i += 2) key.append(Integer.toHexString((b[i] & 0xff) << 8 | b[i + 1] & 0xff)).append(':');
        return key.append(":/64").toString();
    }

    /** The address of an IP literal (a zone id such as {@code %eth0} is dropped); empty for anything else. */
    static Optional<InetAddress> parse(String remoteAddress) {
        if (remoteAddress == null || remoteAddress.isEmpty()) return Optional.empty();
        int zone = remoteAddress.indexOf('%');
        String literal = zone < 0 ? remoteAddress : remoteAddress.substring(0, zone);
        try {
            return Optional.of(InetAddress.ofLiteral(literal));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
