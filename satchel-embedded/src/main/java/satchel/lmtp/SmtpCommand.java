package satchel.lmtp;

import java.util.Map;

/**
 * One command of the SMTP family (RFC 5321 §4.1, LMTP RFC 2033, BDAT RFC 3030), as parsed by
 * {@link SmtpCommands#parse}. Paths are given without angle brackets, source routes dropped; the null
 * reverse-path {@code <>} is the empty string. Parameter keywords are upper case.
 */
public sealed interface SmtpCommand {
    /** LHLO, EHLO or HELO with the client's name. */
    record Hello(String verb, String domain) implements SmtpCommand {}

    record Mail(String reversePath, Map<String, String> params) implements SmtpCommand {}

    record Rcpt(String forwardPath, Map<String, String> params) implements SmtpCommand {}

    record Data() implements SmtpCommand {}

    /** {@code size} octets follow the command line at once; {@code last} ends the message. */
    record Bdat(long size, boolean last) implements SmtpCommand {}

    record Rset() implements SmtpCommand {}

    record Noop() implements SmtpCommand {}

    record Quit() implements SmtpCommand {}

    record Vrfy(String argument) implements SmtpCommand {}

    record Help() implements SmtpCommand {}

    /** A verb we do not implement (STARTTLS, AUTH, EXPN, TURN …). */
    record Unknown(String verb) implements SmtpCommand {}
}
