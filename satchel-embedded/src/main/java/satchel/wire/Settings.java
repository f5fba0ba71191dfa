package satchel.wire;

/**
 * What the client of one session has enabled or negotiated (RFC 5161 ENABLE, RFC 7162 §3.1 implicit CONDSTORE):
 * one immutable value, replaced whole when it changes. The reader decodes mailbox names by it, the writer
 * encodes them by it, and the handlers choose response forms by it, so no layer keeps flags of its own.
 *
 * @param imap4rev2  RFC 9051 semantics after "ENABLE IMAP4rev2" (Appendix A): no \Recent, ESEARCH answers,
 *                   UTF-8 mailbox names
 * @param utf8Accept RFC 6855 UTF8=ACCEPT: UTF-8 in quoted strings and mailbox names, APPEND's UTF8 form
 * @param condstore  RFC 7162 CONDSTORE, on by ENABLE or by the first command that uses mod-sequences
 * @param qresync    RFC 7162 QRESYNC; implies CONDSTORE (§3.2.3)
 * @param uidOnly    RFC 9586 UIDONLY: message numbers refused, FETCH answered as UIDFETCH, expunges as VANISHED
 */
public record Settings(boolean imap4rev2, boolean utf8Accept, boolean condstore, boolean qresync, boolean uidOnly) {
    /** A new session: plain IMAP4rev1. */
    public static final Settings IMAP4REV1 = new Settings(false, false, false, false);

    public Settings {
        condstore |= qresync;
    }

    public Settings(boolean imap4rev2, boolean utf8Accept, boolean condstore, boolean qresync) {
        this(imap4rev2, utf8Accept, condstore, qresync, false);
    }

    /** Expunges are announced as VANISHED (UID sets) rather than EXPUNGE: QRESYNC (RFC 7162 §3.2.10), UIDONLY (RFC 9586 §3.4). */
    public boolean vanished() {
        return qresync || uidOnly;
    }

    /**
     * Mailbox names travel as UTF-8 rather than modified UTF-7 (RFC 9051 §5.1, RFC 6855 §3), and quoted strings
     * may carry UTF-8 (RFC 9051 Appendix A: not before the client asked for it).
     */
    public boolean utf8() {
        return imap4rev2 || utf8Accept;
    }

    public Settings withImap4rev2() { return new Settings(true, utf8Accept, condstore, qresync, uidOnly); }

    public Settings withUtf8Accept() { return new Settings(imap4rev2, true, condstore, qresync, uidOnly); }

    public Settings withCondstore() { return new Settings(imap4rev2, utf8Accept, true, qresync, uidOnly); }

    public Settings withQresync() { return new Settings(imap4rev2, utf8Accept, true, true, uidOnly); }

    public Settings withUidOnly() { return new Settings(imap4rev2, utf8Accept, condstore, qresync, true); }
}
