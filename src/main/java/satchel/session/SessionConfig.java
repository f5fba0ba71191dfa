package satchel.session;

import java.time.Duration;

/**
 * What a session needs from the server configuration. {@code plaintextAuthOnInsecure}: allow LOGIN and
 * AUTHENTICATE PLAIN without TLS on non-loopback connections. {@code loginTimeout}: autologout before
 * authentication; {@code idleTimeout}: autologout after (RFC 3501 §5.4: at least 30 minutes).
 */
public record SessionConfig(boolean plaintextAuthOnInsecure, Duration loginTimeout, Duration idleTimeout,
                            satchel.wire.Limits beforeLogin, satchel.wire.Limits afterLogin) {
    public static SessionConfig defaults() {
        return new SessionConfig(false, Duration.ofSeconds(60), Duration.ofMinutes(30),
                satchel.wire.Limits.BEFORE_LOGIN, satchel.wire.Limits.AFTER_LOGIN);
    }
}
