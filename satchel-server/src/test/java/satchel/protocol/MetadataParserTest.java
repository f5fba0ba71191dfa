package satchel.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** GETMETADATA / SETMETADATA grammar (RFC 5464 §5 with errata 2785, 2786), read whole and one byte at a time. */
class MetadataParserTest {
    @Test void getWithOptionsAndSeveralEntries() {
        var c = (Command.GetMetadata) Parsing.parse("a GETMETADATA (MAXSIZE 1024 DEPTH infinity) \"\" (/Private/Comment /shared)\r\n");
        assertThat(c.target()).isEqualTo(new Metadata.Target.Server());
        assertThat(c.entries()).containsExactly("/private/comment", "/shared");
        assertThat(c.options()).isEqualTo(new Metadata.Options(OptionalLong.of(1024), Metadata.Depth.INFINITY));
    }

    @Test void getOneEntryOfAMailbox() {
        var c = (Command.GetMetadata) Parsing.parse("a GETMETADATA INBOX /shared/comment\r\n");
        assertThat(c.target()).isEqualTo(new Metadata.Target.Mailbox(new MailboxName.Valid("INBOX")));
        assertThat(c.options()).isEqualTo(Metadata.Options.NONE);
    }

    @Test void setWithStringLiteralLiteral8AndNil() {
        var c = (Command.SetMetadata) Parsing.parse(
                "a SETMETADATA Work (/shared/comment \"x\" /private/a {2}\r\nab /private/b ~{2}\r\n\0\n /private/c NIL)\r\n");
        assertThat(c.values()).containsExactly(
                new Metadata.Value("/shared/comment", b("x")), new Metadata.Value("/private/a", b("ab")),
                new Metadata.Value("/private/b", new byte[] {0, '\n'}), new Metadata.Value("/private/c", null));
    }

    @Test void badNamesAndGrammarAreBad() {
        for (String bad : List.of("a GETMETADATA INBOX /x\r\n", "a GETMETADATA INBOX /shared//x\r\n",
                "a GETMETADATA INBOX /shared/x/\r\n", "a GETMETADATA INBOX \"/shared/*\"\r\n",
                "a GETMETADATA (DEPTH 1 DEPTH 0) INBOX /shared\r\n", "a GETMETADATA (MAXSIZE 4294967296) INBOX /shared\r\n",
                "a SETMETADATA INBOX (/private \"x\")\r\n", "a SETMETADATA INBOX (/private/vendor/acme \"x\")\r\n",
                "a SETMETADATA INBOX (/private/x \"a\" /private/y)\r\n")) {
            assertThat(Parsing.error(bad).kind()).as(bad).isEqualTo(satchel.wire.ProtocolException.Kind.BAD);
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
