package satchel.delivery;

/**
 * An SMTP reply status (RFC 5321 §4.2) with its enhanced status code (RFC 3463): what a delivery step answers,
 * shared by LMTP, SMTP and the {@code deliver} command (which maps it to an exit code). {@code text} is safe to
 * send: no CR, LF or other control characters.
 */
public record Status(int code, String enhanced, String text) {
    public Status {
        if (code < 200 || code > 599) throw new IllegalArgumentException("reply code out of range: " + code);
        text = text.replaceAll("\\p{Cntrl}", "?");
    }

    public boolean positive() { return code < 400; }

    /** 4xx: the sender keeps the message and tries again later. */
    public boolean temporary() { return code >= 400 && code < 500; }

    public static Status ok(String text) { return new Status(250, "2.0.0", text); }

    /** Store unavailable (busy, I/O error, closed): RFC 3463 X.3.0 "other or undefined mail system status". */
    public static Status unavailable(String text) { return new Status(451, "4.3.0", text); }

    /** Disk full: RFC 3463 X.3.1 "mail system full". */
    public static Status full(String text) { return new Status(452, "4.3.1", text); }

    /** RFC 3463 X.1.1: bad destination mailbox address. */
    public static Status unknownUser(String text) { return new Status(550, "5.1.1", text); }

    @Override public String toString() {
        return code + " " + enhanced + " " + text;
    }
}
