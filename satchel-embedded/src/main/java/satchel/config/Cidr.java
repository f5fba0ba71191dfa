package satchel.config;

import java.net.InetAddress;

/**
 * An IP network written {@code address/prefix} ({@code 10.1.2.0/24}, {@code ::1/128}); a bare address is a
 * network of one. Only literals are accepted, never host names (no DNS at start-up). Host bits must be zero,
 * so a typo such as {@code 10.1.2.3/16} is reported rather than silently widened.
 */
public record Cidr(InetAddress network, int prefixLength) {
    public Cidr {
        if (network == null) throw new IllegalArgumentException("missing network");
        int bits = network.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("prefix length must be 0 to " + bits + ", got " + prefixLength);
        }
    }

    public static Cidr parse(String text) {
        String t = text.strip();
        int slash = t.indexOf('/');
        String host = slash < 0 ? t : t.substring(0, slash);
        InetAddress address;
        try {
            address = InetAddress.ofLiteral(host);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expected an IP network like 10.1.2.0/24 or ::1/128, got \"" + t + "\"");
        }
        int bits = address.getAddress().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String p = t.substring(slash + 1);
            if (!p.matches("\\d{1,3}")) throw new IllegalArgumentException("bad prefix length in \"" + t + "\"");
            prefix = Integer.parseInt(p);
        }
        Cidr cidr = new Cidr(address, prefix);
        if (!java.util.Arrays.equals(mask(address.getAddress(), prefix), address.getAddress())) {
            throw new IllegalArgumentException("\"" + t + "\" has host bits set; the network is "
                    + new Cidr(masked(address, prefix), prefix));
        }
        return cidr;
    }

    /**
     * True when {@code address} lies inside this network. IPv4-mapped IPv6 addresses ({@code ::ffff:a.b.c.d})
     * arrive as IPv4 from {@link InetAddress#ofLiteral}, so one IPv4 entry covers both spellings.
     */
    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        byte[] n = network.getAddress();
        if (a.length != n.length) return false;
        return java.util.Arrays.equals(mask(a, prefixLength), mask(n, prefixLength));
    }

    @Override public String toString() {
        return network.getHostAddress() + "/" + prefixLength;
    }

    private static InetAddress masked(InetAddress address, int prefix) {
        try {
            return InetAddress.getByAddress(mask(address.getAddress(), prefix));
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e); // cannot happen: the length is 4 or 16
        }
    }

    private static byte[] mask(byte[] bytes, int prefix) {
        byte[] out = bytes.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] &= (byte) (0xff << (8 - keep));
        }
        return out;
    }
}
