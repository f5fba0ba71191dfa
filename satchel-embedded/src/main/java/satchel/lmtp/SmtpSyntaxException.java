package satchel.lmtp;

import satchel.delivery.Status;

/** A command line that does not parse; {@link #status} is the 5xx reply (RFC 5321 §4.2.2). */
public final class SmtpSyntaxException extends Exception {
    private final Status status;

    SmtpSyntaxException(int code, String enhanced, String text) {
        super(text);
        this.status = new Status(code, enhanced, text);
    }

    public Status status() { return status; }
}
