package satchel.session;

import java.time.Duration;
import satchel.wire.LiteralSpool;

/**
 * What a session needs from the server configuration. {@code plaintextAuthOnInsecure}: allow LOGIN and
 * AUTHENTICATE PLAIN without TLS on non-loopback connections. {@code loginTimeout}: autologout before
 * authentication; {@code idleTimeout}: autologout after (RFC 3501 §5.4: at least 30 minutes). {@code spool}:
 * where large APPEND messages wait while they arrive; {@code messageMemory}: the budget for whole messages in
 * the heap, shared by every session made with this configuration.
 */
public record SessionConfig(boolean plaintextAuthOnInsecure, Duration loginTimeout, Duration idleTimeout,
                            satchel.wire.Limits beforeLogin, satchel.wire.Limits afterLogin, LiteralSpool spool,
                            MessageMemory messageMemory, MetadataPolicy metadata) {
    public SessionConfig {
        java.util.Objects.requireNonNull(spool);
        java.util.Objects.requireNonNull(messageMemory);
        java.util.Objects.requireNonNull(metadata);
    }

    public SessionConfig(boolean plaintextAuthOnInsecure, Duration loginTimeout, Duration idleTimeout,
                         satchel.wire.Limits beforeLogin, satchel.wire.Limits afterLogin, LiteralSpool spool,
                         MessageMemory messageMemory) {
        this(plaintextAuthOnInsecure, loginTimeout, idleTimeout, beforeLogin, afterLogin, spool, messageMemory,
                MetadataPolicy.DEFAULT);
    }

    /** In-memory spool and the default message budget. */
    public SessionConfig(boolean plaintextAuthOnInsecure, Duration loginTimeout, Duration idleTimeout,
                         satchel.wire.Limits beforeLogin, satchel.wire.Limits afterLogin) {
        this(plaintextAuthOnInsecure, loginTimeout, idleTimeout, beforeLogin, afterLogin, LiteralSpool.inMemory(),
                new MessageMemory(MessageMemory.DEFAULT_CAPACITY));
    }

    public static SessionConfig defaults() {
        return new SessionConfig(false, Duration.ofSeconds(60), Duration.ofMinutes(30),
                satchel.wire.Limits.BEFORE_LOGIN, satchel.wire.Limits.AFTER_LOGIN);
    }

    /** The same, spooling large APPEND messages to {@code spool}. */
    public SessionConfig withSpool(LiteralSpool spool) {
        return new SessionConfig(plaintextAuthOnInsecure, loginTimeout, idleTimeout, beforeLogin, afterLogin, spool,
                messageMemory, metadata);
    }

    /** The same, with these annotation limits and settings. */
    public SessionConfig withMetadata(MetadataPolicy policy) {
        return new SessionConfig(plaintextAuthOnInsecure, loginTimeout, idleTimeout, beforeLogin, afterLogin, spool,
                messageMemory, policy);
    }
}
