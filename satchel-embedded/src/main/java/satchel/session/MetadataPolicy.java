package satchel.session;

import java.util.Optional;
import satchel.store.MetadataLimits;

/**
 * What the configuration says about annotations (RFC 5464): the limits, whether users may keep {@code /private}
 * entries (otherwise SETMETADATA answers {@code [METADATA NOPRIVATE]}), and the server's {@code /shared/admin}
 * value (a URI such as {@code mailto:postmaster@example.org}), read-only for clients.
 */
public record MetadataPolicy(MetadataLimits limits, boolean privateEntries, Optional<String> admin) {
    public static final MetadataPolicy DEFAULT = new MetadataPolicy(MetadataLimits.DEFAULT, true, Optional.empty());

    public MetadataPolicy {
        java.util.Objects.requireNonNull(limits);
        java.util.Objects.requireNonNull(admin);
    }
}
