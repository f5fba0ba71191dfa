package satchel.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import satchel.wire.ImapReader;
import satchel.wire.Limits;
import satchel.wire.ProtocolException;
import satchel.wire.ProtocolException.Kind;
import satchel.wire.TricklingInputStream;

/** Synchronising and non-synchronising literals against the limits (RFC 3501 §7.5, RFC 7888, RFC 4469). */
class LiteralTest {
    static final Limits SMALL = new Limits(1024, 10, 20, 4, 3);

    static TricklingInputStream stream(String s) {
        return new TricklingInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void continuationComesBeforeThePayloadIsRead() throws Exception {
        TricklingInputStream in = stream("a LOGIN {5}\r\nalice {2+}\r\npw\r\n");
        ImapReader r = Parsing.reader(in, Limits.AFTER_LOGIN);
        List<String> seen = new ArrayList<>();
        Command c = CommandParser.next(r, size -> seen.add(size + " with " + in.available() + " unread"));
        assertThat(c).isEqualTo(new Command.Login("a", "alice", "pw"));
        assertThat(seen).containsExactly("5 with 16 unread"); // "alice {2+}\r\npw\r\n": no "+" for {2+}
    }

    @Test
    void oversizeSyncLiteralIsTooBigWithoutReadingThePayload() throws Exception {
        TricklingInputStream in = stream("a LOGIN alice {11}\r\nb NOOP\r\n");
        ImapReader r = Parsing.reader(in, SMALL);
        List<Long> continued = new ArrayList<>();
        ProtocolException e = catchThrowableOfType(ProtocolException.class,
                () -> CommandParser.next(r, continued::add));
        assertThat(e.kind()).isEqualTo(Kind.TOO_BIG);
        assertThat(e.tag()).isEqualTo("a");
        assertThat(continued).isEmpty();
        assertThat(in.available()).isEqualTo("b NOOP\r\n".length());
        assertThat(CommandParser.next(r, continued::add)).isEqualTo(new Command.Noop("b"));
    }

    @Test
    void oversizeNonSyncLiteralIsFatal() {
        ImapReader r = Parsing.reader(stream("a LOGIN alice {11+}\r\n01234567890\r\n"), SMALL);
        ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> CommandParser.next(r, null));
        assertThat(e.kind()).isEqualTo(Kind.FATAL);
        assertThat(e.tag()).isEqualTo("a");
    }

    @Test
    void literalBudgetIsPerCommandSum() throws Exception {
        ImapReader r = Parsing.reader(stream("a LOGIN {6}\r\nabcdef {5}\r\nghijk\r\nb LOGIN {6}\r\nabcdef {4}\r\nghij\r\n"),
                SMALL);
        assertThat(catchThrowableOfType(ProtocolException.class, () -> CommandParser.next(r, null)).kind())
                .isEqualTo(Kind.TOO_BIG);
        // The client never sends the refused literal, so what follows is the next command.
        ImapReader r2 = Parsing.reader(stream("a LOGIN {6}\r\nabcdef {5}\r\nb LOGIN {6}\r\nabcdef {4}\r\nghij\r\n"),
                SMALL);
        catchThrowableOfType(ProtocolException.class, () -> CommandParser.next(r2, null));
        assertThat(CommandParser.next(r2, null)).isEqualTo(new Command.Login("b", "abcdef", "ghij"));
    }

    @Test
    void appendUsesAppendBudget() throws Exception {
        String msg = "x".repeat(20);
        ImapReader r = Parsing.reader(stream("a APPEND box {20}\r\n" + msg + "\r\n"), SMALL);
        Command.Append a = (Command.Append) CommandParser.next(r, null);
        assertThat(Parsing.bytes(a.messages().getFirst())).hasSize(20);

        ImapReader over = Parsing.reader(stream("a APPEND box {10}\r\n0123456789 {11}\r\nb NOOP\r\n"), SMALL);
        ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> CommandParser.next(over, null));
        assertThat(e.kind()).isEqualTo(Kind.TOO_BIG);
        assertThat(CommandParser.next(over, null)).isEqualTo(new Command.Noop("b"));
    }

    @Test
    void largeAppendIsReadWholeAsItArrives() throws Exception {
        byte[] body = new byte[200_000];
        for (int i = 0; i < body.length; i++) body[i] = (byte) (i * 31);
        byte[] head = "a APPEND box {200000+}\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] input = new byte[head.length + body.length + 2];
        System.arraycopy(head, 0, input, 0, head.length);
        System.arraycopy(body, 0, input, head.length, body.length);
        input[input.length - 2] = '\r';
        input[input.length - 1] = '\n';
        for (var in : List.of(new java.io.ByteArrayInputStream(input), new TricklingInputStream(input))) {
            var a = (Command.Append) CommandParser.next(Parsing.reader(in, Limits.AFTER_LOGIN), null);
            assertThat(Parsing.bytes(a.messages().getFirst())).isEqualTo(body);
        }
    }

    @Test
    void appendBeforeLoginHasASmallBudget() {
        ImapReader r = Parsing.reader(stream("a APPEND box {8193}\r\n"), Limits.BEFORE_LOGIN);
        assertThat(catchThrowableOfType(ProtocolException.class, () -> CommandParser.next(r, null)).kind())
                .isEqualTo(Kind.TOO_BIG);
    }

    @Test
    void literalMinusBeforeLogin() throws Exception {
        // RFC 7888 §4: a non-synchronising literal over 4096 octets cannot be refused before it arrives: fatal.
        ImapReader big = Parsing.reader(stream("a LOGIN {4097+}\r\n"), Limits.BEFORE_LOGIN);
        assertThat(catchThrowableOfType(ProtocolException.class, () -> CommandParser.next(big, null)).kind())
                .isEqualTo(Kind.FATAL);
        ImapReader ok = Parsing.reader(stream("a LOGIN {4096+}\r\n" + "x".repeat(4096) + " p\r\n"), Limits.BEFORE_LOGIN);
        assertThat(CommandParser.next(ok, null)).isInstanceOf(satchel.protocol.Command.Login.class);
    }

    @Test
    void literalHeaderMustEndTheLine() {
        ProtocolException e = Parsing.error("a LOGIN {5}x\r\nz NOOP\r\n");
        assertThat(e.kind()).isEqualTo(Kind.BAD);
    }
}
