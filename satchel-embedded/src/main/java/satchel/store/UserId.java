package satchel.store;

/** Opaque identity of a user account. */
public record UserId(long value) {}
