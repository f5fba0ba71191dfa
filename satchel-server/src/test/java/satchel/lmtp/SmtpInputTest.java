package satchel.lmtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import satchel.delivery.MessageBuffer;

/** The reader and the message buffer, each case also fed one byte per read() (where buffers split matters). */
class SmtpInputTest {
    private static SmtpInput input(String text, boolean oneByte) {
        InputStream raw = new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
        if (!oneByte) return new SmtpInput(raw);
        return new SmtpInput(new InputStream() {
            @Override public int read() throws IOException { return raw.read(); }

            @Override public int read(byte[] b, int off, int len) throws IOException {
                return raw.read(b, off, Math.min(len, 1));
            }
        });
    }

    private static String data(String wire, boolean oneByte) throws IOException {
        var in = input(wire, oneByte);
        var sink = new ByteArrayOutputStream();
        try (MessageBuffer body = new MessageBuffer(1 << 20, 1 << 20, null)) {
            in.data(body);
            sink.write(body.bytes());
        }
        return sink.toString(StandardCharsets.ISO_8859_1);
    }

    @ParameterizedTest @ValueSource(booleans = {false, true})
    void linesEndInCrlfOrBareLf(boolean oneByte) throws IOException {
        var in = input("LHLO a\r\nNOOP\nQUIT\r\n", oneByte);
        Function<byte[], String> s = b -> new String(b, StandardCharsets.US_ASCII);
        assertThat(s.apply(in.line(100, 1000))).isEqualTo("LHLO a");
        assertThat(s.apply(in.line(100, 1000))).isEqualTo("NOOP");
        assertThat(s.apply(in.line(100, 1000))).isEqualTo("QUIT");
        assertThat(in.line(100, 1000)).isNull();
    }

    @ParameterizedTest @ValueSource(booleans = {false, true})
    void tooLongLineIsSkippedAndReaderStaysInStep(boolean oneByte) throws IOException {
        var in = input("x".repeat(50) + "\r\nNOOP\r\n", oneByte);
        assertThatThrownBy(() -> in.line(10, 1000)).isInstanceOf(SmtpInput.LineTooLong.class);
        assertThat(in.line(10, 1000)).asString(StandardCharsets.US_ASCII).isEqualTo("NOOP");
        // exactly at the limit is fine, with or without CR
        assertThat(input("0123456789\r\n", oneByte).line(10, 1000)).hasSize(10);
        assertThat(input("0123456789\n", oneByte).line(10, 1000)).hasSize(10);
    }

    @ParameterizedTest @ValueSource(booleans = {false, true})
    void endlessLineEndsTheConnection(boolean oneByte) {
        var in = input("y".repeat(5000), oneByte);
        assertThatThrownBy(() -> in.line(10, 2000)).isInstanceOf(EOFException.class);
    }

    @ParameterizedTest @ValueSource(booleans = {false, true})
    void dataUnstuffsAndNormalises(boolean oneByte) throws IOException {
        assertThat(data("a\r\n..b\r\n.\r\n", oneByte)).isEqualTo("a\r\n.b\r\n");
        assertThat(data("a\n..\n.x\n.\n", oneByte)).isEqualTo("a\r\n.\r\nx\r\n");
        assertThat(data(".\r\n", oneByte)).isEmpty();
        assertThat(data("no final newline\r\n.\r\nNOOP", oneByte)).isEqualTo("no final newline\r\n");
        assertThat(data("a.\r\n b\r\r\n.\r\n", oneByte)).isEqualTo("a.\r\n b\r\r\n"); // dots inside lines stay
    }

    @ParameterizedTest @ValueSource(booleans = {false, true})
    void dataCutShortIsAnError(boolean oneByte) {
        assertThatThrownBy(() -> data("a\r\n.", oneByte)).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> data("a\r\n", oneByte)).isInstanceOf(EOFException.class);
    }

    @ParameterizedTest @ValueSource(booleans = {false, true})
    void chunkReadsExactly(boolean oneByte) throws IOException {
        var in = input("..\r\nxyNOOP\r\n", oneByte);
        var sink = new ByteArrayOutputStream();
        in.chunk(6, sink);
        assertThat(sink.toString(StandardCharsets.US_ASCII)).isEqualTo("..\r\nxy");
        assertThat(in.line(100, 100)).asString(StandardCharsets.US_ASCII).isEqualTo("NOOP");
    }

    @org.junit.jupiter.api.Test void bufferSpoolsPastMemoryAndCountsOverflow(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws IOException {
        try (MessageBuffer b = new MessageBuffer(100, 10, dir)) {
            b.write("0123456789\nabcdef\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(b.bytes(), StandardCharsets.US_ASCII)).isEqualTo("0123456789\r\nabcdef\r\n");
            try (var files = java.nio.file.Files.list(dir)) {
                assertThat(files.count()).as("spooled").isOne();
            }
            b.write(new byte[200]);
            assertThat(b.overflowed()).isTrue();
            assertThat(b.size()).isEqualTo(220);
        }
        try (var files = java.nio.file.Files.list(dir)) {
            assertThat(files.count()).as("spool file removed").isZero();
        }
    }
}
