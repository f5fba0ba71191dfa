package satchel.store;

import java.time.Instant;
import java.util.Set;

/** What a session tracks per message; immutable snapshot at {@code modSeq}. */
public record MessageMeta(long uid, long modSeq, Set<String> flags, long size, Instant internalDate) {
    public MessageMeta { flags = Set.copyOf(flags); }
}
