package satchel.store;

/** Opaque, never reused identity of a mailbox (survives RENAME). */
public record MailboxId(long value) {}
