package satchel.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;

/**
 * The key under which connections (and, for whoever wants it, failed logins) from "one client address" are
 * counted: an IPv4 address itself, and for IPv6 its /64 prefix. A subscriber or a cloud host usually gets a
 * whole /64 and may use any address in it, so a limit keyed on the exact IPv6 address is no limit at all
 * (Dovecot and Postfix group IPv6 by prefix for the same reason). IPv4-mapped IPv6 addresses count as IPv4.
 * A leaf package: the server, auth and anything else may use it without a dependency cycle.
 *
 * @param value printable and stable: "192.0.2.7" or "2001:db8:1:2::/64"
 */
public record AddressKey(String value) {
    public AddressKey {
        if (value == null || value.isEmpty()) throw new IllegalArgumentException("empty address key");
    }

    public static AddressKey of(InetAddress address) {
        return switch (address) {
            case Inet4Address v4 -> new AddressKey(v4.getHostAddress());
            case Inet6Address v6 -> ofV6(v6.getAddress());
            default -> new AddressKey(address.getHostAddress());
        };
    }

    /**
     * From an address as text (e.g. {@code Transport.remoteAddress()}); never a DNS lookup. Text that is not an
     * IP literal (e.g. "stdio") is its own key.
     */
    public static AddressKey of(String address) {
        return parse(address).map(AddressKey::of).orElseGet(() -> new AddressKey(address));
    }

    /** The address of an IP literal (a zone id such as {@code %eth0} is dropped); empty for anything else. */
    public static Optional<InetAddress> parse(String address) {
        if (address == null || address.isEmpty()) return Optional.empty();
        int zone = address.indexOf('%');
        try {
            return Optional.of(InetAddress.ofLiteral(zone < 0 ? address : address.substring(0, zone)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static AddressKey ofV6(byte[] b) {
        boolean mapped = true; // ::ffff:a.b.c.d
        for (int i = 0; i < 10; i++) mapped &= b[i] == 0;
        if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return new AddressKey((b[12] & 0xff) + "." + (b[13] & 0xff) + "." + (b[14] & 0xff) + "." + (b[15] & 0xff));
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i += 2) s.append(Integer.toHexString((b[i] & 0xff) << 8 | (b[i + 1] & 0xff))).append(':');
        return new AddressKey(s.append(":/64").toString());
    }

    @Override public String toString() {
        return value;
    }
}
