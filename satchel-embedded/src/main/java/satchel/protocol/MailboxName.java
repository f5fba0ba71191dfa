package satchel.protocol;

/**
 * A mailbox argument as the client wrote it (RFC 3501 §5.1.3): decoded from modified UTF-7, or not valid modified
 * UTF-7. An invalid name is still a valid astring, so the command is valid IMAP: such a name names no mailbox
 * (NO for commands that look one up) and cannot be given to one (NO for CREATE and RENAME), never BAD.
 */
public sealed interface MailboxName {
    /** The decoded name, INBOX spelled in capitals. */
    record Valid(String name) implements MailboxName {}

    /** {@code reason} says what is wrong with {@code wire}, the name as sent. */
    record Invalid(String wire, String reason) implements MailboxName {
        /** The text of a NO about this name. */
        public String message() {
            // control characters are refused in UTF-8 names too (IMAP4rev2, UTF8=ACCEPT), where UTF-7 is beside the point
            return reason.startsWith("Control") ? reason : "Mailbox name is not valid modified UTF-7: " + reason;
        }
    }
}
