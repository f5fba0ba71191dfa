package satchel.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponseTest {
    static String wire(Response r) {
        return new String(r.toBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void stringIsQuotedWhenSafeAndEscaped() {
        assertThat(wire(Response.untagged().atom("X").string("a \"b\" \\c"))).isEqualTo("* X \"a \\\"b\\\" \\\\c\"\r\n");
        assertThat(wire(Response.untagged().atom("X").string(""))).isEqualTo("* X \"\"\r\n");
    }

    @Test
    void stringIsLiteralForLineBreaksNulAnd8Bit() {
        assertThat(wire(Response.untagged().atom("X").string("a\r\nb"))).isEqualTo("* X {4}\r\na\r\nb\r\n");
        assertThat(wire(Response.untagged().atom("X").string("a\0b"))).isEqualTo("* X {3}\r\na\0b\r\n");
        assertThat(wire(Response.untagged().atom("X").string("ü"))).isEqualTo("* X {2}\r\nü\r\n");
        assertThat(wire(Response.untagged().atom("X").string("x".repeat(2000)))).startsWith("* X {2000}\r\nxx");
    }

    @Test
    void nstringNilVersusTheStringNil() {
        assertThat(wire(Response.untagged().open().nstring(null).nstring("NIL").close()))
                .isEqualTo("* (NIL \"NIL\")\r\n");
        assertThat(wire(Response.untagged().astring("NIL").astring("nil").astring("atom")))
                .isEqualTo("* \"NIL\" \"nil\" atom\r\n");
    }

    @Test
    void textCannotForgeALine() {
        assertThat(wire(Response.tagged("a1").atom("OK").text("done\r\na2 OK forged\0")))
                .isEqualTo("a1 OK done  a2 OK forged \r\n");
        assertThat(wire(Response.tagged("a1").atom("NO").code("TOO\r\nBIG").text("x")))
                .isEqualTo("a1 NO [TOO  BIG] x\r\n");
    }

    @Test
    void mailboxIsModifiedUtf7() {
        assertThat(wire(Response.untagged().atom("LIST").atoms(List.of("\\HasNoChildren")).string("/")
                .mailbox("Entwürfe"))).isEqualTo("* LIST (\\HasNoChildren) \"/\" Entw&APw-rfe\r\n");
        assertThat(wire(Response.untagged().mailbox("INBOX").mailbox("a b").mailbox("%")))
                .isEqualTo("* INBOX \"a b\" \"%\"\r\n");
    }

    @Test
    void atomRejectsJunk() {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> Response.untagged().atom("a b"));
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> Response.untagged().atom("x\r\n"));
    }

    @Test
    void literalWritesExactBytes() {
        assertThat(wire(Response.untagged().number(1).atom("FETCH").open().raw("BODY[] ")
                .literal(new byte[] {'h', 'i'}).close())).isEqualTo("* 1 FETCH (BODY[] {2}\r\nhi)\r\n");
    }
}
