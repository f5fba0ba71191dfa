package satchel.store;

import java.util.List;

/** RFC 4315 COPYUID data: source and destination UIDs pairwise, ascending by source. */
public record CopyResult(long uidValidity, List<Long> sourceUids, List<Long> destUids) {}
