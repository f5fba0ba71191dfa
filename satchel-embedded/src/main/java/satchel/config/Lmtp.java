package satchel.config;

import java.util.List;
import java.util.Locale;

/**
 * The LMTP listener (RFC 2033) and who it delivers to. {@code listen} is null when LMTP is off (the default),
 * otherwise {@code host:port} or the path of a Unix domain socket (anything containing "/"). A TCP listener must
 * be on a loopback address unless {@code allowNonLoopback}: LMTP has no authentication, so whoever can connect
 * can put mail in every mailbox. {@code domains} are the domains accepted in RCPT TO (lower case); empty means
 * any domain. {@code socketMode} is the permission of the socket file, e.g. "0660".
 */
public record Lmtp(String listen, List<String> domains, boolean allowNonLoopback, String socketMode) {
    public Lmtp {
        if ("off".equals(listen)) listen = null;
        if (listen != null && !isSocketPath(listen)) {
            try {
                HostPort.parse(listen);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("lmtp: expected host:port, a socket path or off: " + e.getMessage());
            }
        }
        domains = domains.stream().map(d -> d.strip().toLowerCase(Locale.ROOT)).toList();
        for (String d : domains) {
            if (d.isEmpty() || d.contains("@") || d.chars().anyMatch(c -> c <= ' ')) {
                throw new IllegalArgumentException("lmtp.domains: not a domain: \"" + d + "\"");
            }
        }
        if (socketMode == null || !socketMode.matches("0?[0-7]{3}")) {
            throw new IllegalArgumentException("lmtp.socket-mode: expected an octal mode like 0660, got \"" + socketMode + "\"");
        }
    }

    public static Lmtp off() {
        return new Lmtp(null, List.of(), false, "0660");
    }

    /** A Unix domain socket path rather than host:port. */
    public static boolean isSocketPath(String listen) {
        return listen.contains("/");
    }

    public Lmtp withListen(String l) { return new Lmtp(l, domains, allowNonLoopback, socketMode); }

    public Lmtp withDomains(List<String> d) { return new Lmtp(listen, d, allowNonLoopback, socketMode); }

    public Lmtp withAllowNonLoopback(boolean a) { return new Lmtp(listen, domains, a, socketMode); }

    public Lmtp withSocketMode(String m) { return new Lmtp(listen, domains, allowNonLoopback, m); }
}
