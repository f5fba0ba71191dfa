package satchel.delivery;

/**
 * What the sending side said about a message, for the headers a delivery adds. {@code returnPath} is the
 * reverse-path without angle brackets (empty for the null sender {@code <>}, RFC 5321 §4.5.5); {@code helo} the
 * name the client gave in LHLO/EHLO (or null); {@code peer} its address ("127.0.0.1", "local"); {@code protocol}
 * the Received "with" keyword (RFC 3848: LMTP, ESMTP; "local" for the deliver command).
 */
public record Envelope(String returnPath, String helo, String peer, String protocol) {}
