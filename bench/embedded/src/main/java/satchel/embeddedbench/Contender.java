package satchel.embeddedbench;

/** One test mail server as a test suite uses it: start with two users, isolate between tests, host and ports. */
interface Contender extends AutoCloseable {
    /** Starts with users alice and bob (password "pw") on SMTP, IMAP and IMAPS, ephemeral ports; returns when ready. */
    Contender start() throws Exception;

    /** What a per-method fixture does between two tests to give the next one empty mailboxes. */
    void isolate() throws Exception;

    /** Puts one message into alice's INBOX without a protocol. */
    void deliver(byte[] rfc822) throws Exception;

    String host();

    int smtpPort();

    int imapPort();

    int imapsPort();

    @Override void close();
}
