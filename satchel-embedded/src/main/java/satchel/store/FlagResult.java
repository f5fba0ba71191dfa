package satchel.store;

import java.util.List;

/** Outcome of a flag update: messages changed (new flags and modseq), and UIDs refused by UNCHANGEDSINCE. */
public record FlagResult(List<MessageMeta> changed, List<Long> unchangedSinceFailed) {}
