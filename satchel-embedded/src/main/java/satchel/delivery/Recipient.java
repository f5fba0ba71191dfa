package satchel.delivery;

import satchel.store.User;

/**
 * Where one copy goes: a local user and the mailbox asked for ({@code user+detail@domain} names a mailbox, the
 * {@code deliver --mailbox} option another; INBOX otherwise). {@code address} is the recipient as the sender
 * named it, for Delivered-To and replies.
 */
public record Recipient(User user, String mailbox, String address) {}
