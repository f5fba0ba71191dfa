package satchel.server;

import java.net.InetAddress;
import java.time.Instant;

/**
 * One connection as {@code satchel who} shows it: its id (as in the log), the user ("-" before login), the client
 * address, the state (NOT_AUTHENTICATED, AUTHENTICATED, SELECTED, LOGOUT, or CONNECTING during a TLS handshake), the
 * selected mailbox (null if none), when it was accepted, and the bytes of IMAP read and written so far.
 */
public record SessionInfo(long id, String user, InetAddress address, String state, String mailbox, Instant since,
                          long bytesIn, long bytesOut) {}
