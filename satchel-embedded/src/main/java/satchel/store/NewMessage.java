package satchel.store;

import java.time.Instant;
import java.util.Set;

/** A message to append: the exact bytes, initial flags (no \Recent) and internal date. */
public record NewMessage(byte[] content, Set<String> flags, Instant internalDate) {
    public NewMessage { flags = Set.copyOf(flags); }
}
