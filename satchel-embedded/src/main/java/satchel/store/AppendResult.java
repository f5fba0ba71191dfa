package satchel.store;

/** RFC 4315 APPENDUID data. */
public record AppendResult(long uidValidity, long uid) {}
