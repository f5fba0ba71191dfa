package satchel.store;

/**
 * A user account. {@code passwordHash} is a PHC-style string produced by {@code satchel.auth.Passwords}
 * (never a plaintext password); {@code scram} holds RFC 7677 SCRAM-SHA-256 stored keys or null.
 */
public record User(UserId id, String name, String passwordHash, String scram) {}
