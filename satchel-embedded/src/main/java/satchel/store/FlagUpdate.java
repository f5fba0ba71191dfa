package satchel.store;

import java.util.Set;

/**
 * A STORE applied to a set of UIDs. {@code mode}: REPLACE, ADD or REMOVE. {@code unchangedSince} is the RFC 7162
 * UNCHANGEDSINCE value or -1; messages whose modseq exceeds it are left alone and reported as failed.
 */
public record FlagUpdate(Mode mode, Set<String> flags, long unchangedSince) {
    public enum Mode { REPLACE, ADD, REMOVE }
    public FlagUpdate { flags = Set.copyOf(flags); }
}
