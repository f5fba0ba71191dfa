package satchel.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ImapReaderTest {
    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void bufferedIsExactlyWhatWasReadButNotConsumed() throws Exception {
        ImapReader r = new ImapReader(new ByteArrayInputStream(bytes("a STARTTLS\r\nb NOOP\r\n")));
        assertThat(r.buffered()).isZero();
        assertThat(r.readLine()).isEqualTo("a STARTTLS");
        assertThat(r.buffered()).isEqualTo("b NOOP\r\n".length());
        assertThat(r.bytesRead()).isEqualTo(20);
        // CVE-2011-0411: whatever came before the TLS handshake is dropped, not read after it.
        assertThat(r.replaceInput(new ByteArrayInputStream(bytes("c LOGOUT\r\n")))).isEqualTo(8);
        assertThat(r.buffered()).isZero();
        assertThat(r.readLine()).isEqualTo("c LOGOUT");
        assertThat(r.readLine()).isNull();
    }

    @Test
    void tricklingStreamLeavesNothingBuffered() throws Exception {
        TricklingInputStream in = new TricklingInputStream(bytes("DONE\r\nb NOOP\r\n"));
        ImapReader r = new ImapReader(in);
        assertThat(r.readLine()).isEqualTo("DONE");
        assertThat(r.buffered()).isZero();
        assertThat(in.available()).isEqualTo(8);
    }

    @Test
    void readLineAcceptsBareLfAndRejectsOverlongLines() throws Exception {
        ImapReader r = new ImapReader(new ByteArrayInputStream(bytes("abc\n" + "x".repeat(30) + "\r\nnext\r\n")));
        r.setLimits(new Limits(20, 10, 10, 2, 3));
        assertThat(r.readLine()).isEqualTo("abc");
        ProtocolException e = catchThrowableOfType(ProtocolException.class, r::readLine);
        assertThat(e.kind()).isEqualTo(ProtocolException.Kind.BAD);
        assertThat(r.readLine()).isEqualTo("next");
    }

    /** Issue 10: a line more than twice its budget is not read to its end: FATAL (BYE) once that is clear. */
    @Test
    void aLineFarOverItsBudgetIsFatalBeforeItsEnd() throws Exception {
        var in = new ByteArrayInputStream(bytes("a NOOP " + "x".repeat(100_000) + "\r\n"));
        ImapReader r = new ImapReader(in);
        r.setLimits(new Limits(1024, 10, 10, 2, 3));
        assertThat(r.beginCommand(null)).isTrue();
        r.tag();
        r.sp();
        r.atom();
        assertThat(catchThrowableOfType(ProtocolException.class, r::crlf).kind()).isEqualTo(ProtocolException.Kind.BAD);
        ProtocolException e = catchThrowableOfType(ProtocolException.class, r::skipLine);
        assertThat(e.kind()).isEqualTo(ProtocolException.Kind.FATAL);
        assertThat(r.bytesRead()).isLessThan(16 * 1024);
        assertThat(in.available()).isGreaterThan(80_000);
    }

    @Test
    void tokensFollowTheRfcRules() throws Exception {
        ImapReader r = new ImapReader(new ByteArrayInputStream(
                bytes("t1 atom \"q\\\"\\\\\" NIL {3}\r\nlit 4294967295 9223372036854775807]\r\n")));
        r.setLimits(Limits.AFTER_LOGIN);
        assertThat(r.beginCommand(null)).isTrue();
        assertThat(r.tag()).isEqualTo("t1");
        r.sp();
        assertThat(r.astring()).isEqualTo("atom");
        r.sp();
        assertThat(r.string()).isEqualTo("q\"\\");
        r.sp();
        assertThat(r.nstring()).isNull();
        r.sp();
        assertThat(r.nstring()).isEqualTo("lit");
        r.sp();
        assertThat(r.nzNumber()).isEqualTo(4294967295L);
        r.sp();
        assertThat(r.number64()).isEqualTo(Long.MAX_VALUE);
        assertThat(r.readWhile(c -> c == ']')).isEqualTo("]");
        r.crlf();
        assertThat(r.beginCommand(null)).isFalse();
    }

    @Test
    void invalidUtf8InAStringIsBad() throws Exception {
        ImapReader r = new ImapReader(new ByteArrayInputStream(new byte[] {'"', (byte) 0xff, '"', '\r', '\n'}));
        r.beginCommand(null);
        assertThat(catchThrowableOfType(ProtocolException.class, r::string).getMessage()).startsWith("Invalid UTF-8");
    }
}
