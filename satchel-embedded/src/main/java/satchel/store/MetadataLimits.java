package satchel.store;

/**
 * How much metadata (RFC 5464) one user may keep: bytes per entry value, entries in all, and bytes in all
 * (values plus names). The per-entry bound is what {@code [METADATA MAXSIZE n]} reports; the other two give
 * {@code [METADATA TOOMANY]}. Defaults: 16 KiB per value (Stalwart allows 8 KiB; it stays below the 64 KiB literal
 * budget after login, so a larger value gets {@code [METADATA MAXSIZE]} rather than {@code [TOOBIG]}), 1,000 entries
 * and 1 MiB per user.
 *
 * @param entryBytes largest value of one entry
 * @param entries most entries per user (server and every mailbox together)
 * @param totalBytes most bytes of names and values per user
 */
public record MetadataLimits(int entryBytes, int entries, long totalBytes) {
    public static final MetadataLimits DEFAULT = new MetadataLimits(16 * 1024, 1000, 1024 * 1024);

    public MetadataLimits {
        if (entryBytes < 1) throw new IllegalArgumentException("metadata.max-entry-bytes must be at least 1");
        if (entries < 1) throw new IllegalArgumentException("metadata.max-entries must be at least 1");
        if (totalBytes < entryBytes) {
            throw new IllegalArgumentException("metadata.max-total-bytes must be at least metadata.max-entry-bytes");
        }
    }

    /** Whether a user would still be within bounds with {@code count} entries of {@code bytes} in all. */
    public UserMetadata.SetResult check(long count, long bytes) {
        if (count > entries) return UserMetadata.SetResult.TOO_MANY;
        if (bytes > totalBytes) return UserMetadata.SetResult.TOO_MUCH;
        return UserMetadata.SetResult.DONE;
    }
}
