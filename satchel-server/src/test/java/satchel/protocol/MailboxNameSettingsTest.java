package satchel.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import satchel.wire.ImapReader;
import satchel.wire.Limits;
import satchel.wire.Settings;

/** The reader's settings decide how mailbox arguments are decoded (RFC 3501 §5.1.3, RFC 9051 §5.1, RFC 6855 §3). */
class MailboxNameSettingsTest {
    private static Command parse(String line, Settings settings) throws Exception {
        ImapReader r = Parsing.reader(new ByteArrayInputStream((line + "\r\n").getBytes(StandardCharsets.UTF_8)),
                Limits.AFTER_LOGIN);
        r.setSettings(settings);
        return CommandParser.next(r, null);
    }

    private static MailboxName selected(String line, Settings settings) throws Exception {
        return ((Command.Select) parse(line, settings)).mailbox();
    }

    @Test
    void rev1DecodesModifiedUtf7() throws Exception {
        assertThat(selected("s SELECT Entw&APw-rfe", Settings.IMAP4REV1)).isEqualTo(new MailboxName.Valid("Entwürfe"));
        assertThat(selected("s SELECT R&D", Settings.IMAP4REV1)).isInstanceOf(MailboxName.Invalid.class);
    }

    @Test
    void utf8SessionsTakeNamesAsTheyAre() throws Exception {
        for (Settings s : new Settings[] {Settings.IMAP4REV1.withImap4rev2(), Settings.IMAP4REV1.withUtf8Accept()}) {
            assertThat(selected("s SELECT \"Entwürfe\"", s)).isEqualTo(new MailboxName.Valid("Entwürfe"));
            assertThat(selected("s SELECT R&D", s)).isEqualTo(new MailboxName.Valid("R&D"));
            assertThat(selected("s SELECT Entw&APw-rfe", s)).isEqualTo(new MailboxName.Valid("Entw&APw-rfe"));
            assertThat(selected("s SELECT inbox/x", s)).isEqualTo(new MailboxName.Valid("INBOX/x"));
            assertThat(selected("s SELECT {3}\r\na\tb", s)).isInstanceOf(MailboxName.Invalid.class);
        }
    }

    @Test
    void appendUtf8FormOnlyAfterUtf8Accept() throws Exception {
        String line = "a APPEND INBOX UTF8 (~{3+}\r\nabc)";
        var a = (Command.Append) parse(line, Settings.IMAP4REV1.withUtf8Accept());
        assertThat(Parsing.bytes(a.messages().getFirst())).isEqualTo("abc".getBytes(StandardCharsets.US_ASCII));
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(satchel.wire.ProtocolException.class,
                () -> parse(line, Settings.IMAP4REV1)).kind()).isEqualTo(satchel.wire.ProtocolException.Kind.BAD);
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(satchel.wire.ProtocolException.class,
                () -> parse(line, Settings.IMAP4REV1.withImap4rev2())).kind()).isEqualTo(satchel.wire.ProtocolException.Kind.BAD);
    }
}
