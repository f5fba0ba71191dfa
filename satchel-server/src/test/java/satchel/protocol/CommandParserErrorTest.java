package satchel.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static satchel.protocol.Parsing.error;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import satchel.wire.ImapReader;
import satchel.wire.Limits;
import satchel.wire.ProtocolException;
import satchel.wire.ProtocolException.Kind;
import satchel.wire.TricklingInputStream;

/** Syntax errors answer BAD with the tag and a useful message, and leave the connection usable. */
class CommandParserErrorTest {
    static Stream<Arguments> bad() {
        return Stream.of(
                Arguments.of("unknown command", "a1 FOO bar", "a1", "Unknown command FOO"),
                Arguments.of("unknown uid command", "a1 UID FROB 1", "a1", "Unknown command UID FROB"),
                Arguments.of("missing argument", "a1 SELECT", "a1", "Missing argument to SELECT"),
                Arguments.of("missing second argument", "a1 LOGIN alice", "a1", "Missing argument to LOGIN"),
                Arguments.of("missing command", "a1", "a1", "Missing command"),
                Arguments.of("missing tag", "", null, "Missing tag"),
                Arguments.of("plus is no tag", "+ NOOP", null, "Invalid tag"),
                Arguments.of("too many arguments", "a1 NOOP now", "a1", "Too many arguments to NOOP"),
                Arguments.of("zero in sequence set", "a1 FETCH 0 FLAGS", "a1", "Invalid sequence set"),
                Arguments.of("word as sequence set", "a1 FETCH abc FLAGS", "a1", "Invalid sequence set in FETCH"),
                Arguments.of("open range", "a1 COPY 1: x", "a1", "Invalid sequence set in COPY"),
                Arguments.of("sequence number too big", "a1 FETCH 4294967296 FLAGS", "a1", "Number too large"),
                Arguments.of("unbalanced fetch list", "a1 FETCH 1 (FLAGS UID", "a1", "Missing ')' in FETCH"),
                Arguments.of("unbalanced search group", "a1 SEARCH (SEEN", "a1", "Missing ')' in SEARCH"),
                Arguments.of("stray close paren", "a1 SEARCH SEEN)", "a1", "Expected end of line in SEARCH"),
                Arguments.of("unbalanced flag list", "a1 STORE 1 FLAGS (\\Seen", "a1", "Missing ')' in STORE"),
                Arguments.of("8-bit in atom", "a1 LOGIN jürgen pw", "a1", "Unexpected 8-bit character in LOGIN"),
                Arguments.of("CR in quoted string", "a1 LOGIN \"a\rb\" pw", "a1", "Invalid character in quoted string"),
                Arguments.of("NUL in quoted string", "a1 LOGIN \"a\0b\" pw", "a1", "Invalid character in quoted string"),
                Arguments.of("bad escape", "a1 LOGIN \"a\\b\" pw", "a1", "Invalid escape in quoted string"),
                Arguments.of("bad search date", "a1 SEARCH SINCE 31-Feb-2020", "a1", "Invalid date 31-Feb-2020"),
                Arguments.of("bad month", "a1 SEARCH SINCE 1-Foo-2020", "a1", "Invalid month Foo"),
                Arguments.of("bad append date", "a1 APPEND x \"1-Jan-2020\" {1}", "a1", "Invalid date-time"),
                // RFC 5032 §4: the interval is an nz-number
                Arguments.of("zero interval", "a1 SEARCH YOUNGER 0", "a1", "YOUNGER needs an interval of at least 1 second"),
                Arguments.of("negative interval", "a1 SEARCH OLDER -5", "a1", "OLDER needs an interval in seconds"),
                Arguments.of("word interval", "a1 SEARCH NOT OLDER day", "a1", "OLDER needs an interval in seconds"),
                Arguments.of("interval too big", "a1 SEARCH YOUNGER 4294967296", "a1", "Number too large"),
                Arguments.of("missing interval", "a1 SEARCH OR SEEN YOUNGER", "a1", "Missing argument to SEARCH"),
                Arguments.of("unknown search key", "a1 SEARCH FROBNICATE", "a1", "Unknown search key FROBNICATE"),
                Arguments.of("unknown fetch item", "a1 FETCH 1 (FLAGS FOO)", "a1", "Unknown fetch item FOO"),
                Arguments.of("dangling section dot", "a1 FETCH 1 BODY[1.]", "a1", "Invalid section"),
                Arguments.of("top-level mime", "a1 FETCH 1 BODY[MIME]", "a1", "Invalid section MIME"),
                Arguments.of("macro inside list", "a1 FETCH 1 (ALL)", "a1", "Unknown fetch item ALL"),
                Arguments.of("vanished in fetch", "a1 FETCH 1 FLAGS (CHANGEDSINCE 1 VANISHED)", "a1",
                        "VANISHED needs UID FETCH with CHANGEDSINCE"),
                Arguments.of("vanished alone", "a1 UID FETCH 1 FLAGS (VANISHED)", "a1",
                        "VANISHED needs UID FETCH with CHANGEDSINCE"),
                Arguments.of("recursivematch alone", "a1 LIST (RECURSIVEMATCH) \"\" *", "a1",
                        "RECURSIVEMATCH needs another selection option"),
                Arguments.of("unknown list option", "a1 LIST (FANCY) \"\" *", "a1",
                        "Unknown LIST selection option FANCY"),
                Arguments.of("unknown status item", "a1 STATUS x (MESSAGES BOGUS)", "a1", "Unknown status item BOGUS"),
                Arguments.of("bad store item", "a1 STORE 1 LABELS x", "a1", "Invalid STORE item LABELS"),
                Arguments.of("bad select param", "a1 SELECT x (FAST)", "a1", "Unknown select parameter FAST"),
                Arguments.of("bad sasl-ir", "a1 AUTHENTICATE PLAIN abc", "a1", "Invalid base64 in initial response"),
                Arguments.of("id needs list or nil", "a1 ID foo", "a1", "Invalid argument to ID"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bad")
    void badThenNextCommandParses(String name, String line, String tag, String message) throws Exception {
        ProtocolException e = error(line + "\r\nz9 NOOP\r\n");
        assertThat(e.kind()).isEqualTo(Kind.BAD);
        assertThat(e.tag()).isEqualTo(tag);
        assertThat(e.getMessage()).startsWith(message);
        for (ImapReader r : readers(line + "\r\nz9 NOOP\r\n", Limits.AFTER_LOGIN)) {
            catchThrowableOfType(ProtocolException.class, () -> CommandParser.next(r, size -> {}));
            assertThat(CommandParser.next(r, size -> {})).isEqualTo(new Command.Noop("z9"));
            assertThat(CommandParser.next(r, size -> {})).isNull();
        }
    }

    static List<ImapReader> readers(String input, Limits limits) {
        byte[] b = input.getBytes(StandardCharsets.UTF_8);
        return List.of(Parsing.reader(new ByteArrayInputStream(b), limits),
                Parsing.reader(new TricklingInputStream(b), limits));
    }

    @Test
    void badLineEndingInNonSyncLiteralSkipsTheLiteral() throws Exception {
        for (ImapReader r : readers("a1 FOO {8+}\r\nb NOOP\r\n rest\r\nz9 NOOP\r\n", Limits.AFTER_LOGIN)) {
            assertThat(catchThrowableOfType(ProtocolException.class, () -> CommandParser.next(r, null)).kind())
                    .isEqualTo(Kind.BAD);
            assertThat(CommandParser.next(r, null)).isEqualTo(new Command.Noop("z9"));
        }
    }

    @Test
    void badLineEndingInSyncLiteralEndsThere() throws Exception {
        List<Long> continued = new ArrayList<>();
        for (ImapReader r : readers("a1 FETCH x {7}\r\nz9 NOOP\r\n", Limits.AFTER_LOGIN)) {
            assertThat(catchThrowableOfType(ProtocolException.class, () -> CommandParser.next(r, continued::add))
                    .kind()).isEqualTo(Kind.BAD);
            assertThat(CommandParser.next(r, continued::add)).isEqualTo(new Command.Noop("z9"));
        }
        assertThat(continued).isEmpty();
    }

    @Test
    void badLineWithTooBigNonSyncLiteralIsFatal() {
        Limits small = new Limits(1024, 100, 100, 4, 3);
        for (ImapReader r : readers("a1 FOO {101+}\r\n", small)) {
            ProtocolException e = catchThrowableOfType(ProtocolException.class, () -> CommandParser.next(r, null));
            assertThat(e.kind()).isEqualTo(Kind.FATAL);
        }
    }

    @Test
    void overLongLineIsBadAndSkipped() throws Exception {
        Limits small = new Limits(64, 1024, 1024, 4, 3);
        String longLine = "a1 LOGIN " + "x".repeat(100) + " pw\r\nz9 NOOP\r\n";
        ProtocolException e = error(longLine, small);
        assertThat(e.kind()).isEqualTo(Kind.BAD);
        assertThat(e.tag()).isEqualTo("a1");
        assertThat(e.getMessage()).isEqualTo("Line too long");
        for (ImapReader r : readers(longLine, small)) {
            catchThrowableOfType(ProtocolException.class, () -> CommandParser.next(r, null));
            assertThat(CommandParser.next(r, null)).isEqualTo(new Command.Noop("z9"));
        }
    }

    @Test
    void lineLimitExcludesLiteralPayload() throws Exception {
        Limits small = new Limits(40, 1024, 1024, 4, 3);
        String big = "p".repeat(500);
        for (ImapReader r : readers("a1 LOGIN alice {500}\r\n" + big + "\r\n", small)) {
            assertThat(CommandParser.next(r, null)).isEqualTo(new Command.Login("a1", "alice", big));
        }
    }

    @Test
    void nestingIsBounded() {
        Limits shallow = new Limits(8192, 1024, 1024, 3, 3);
        ProtocolException e = error("a1 SEARCH NOT NOT NOT NOT SEEN\r\n", shallow);
        assertThat(e.getMessage()).startsWith("Too deeply nested");
        assertThat(error("a1 SEARCH ((((SEEN))))\r\n", shallow).getMessage()).startsWith("Too deeply nested");
        assertThat(error("a1 SEARCH OR OR OR OR SEEN SEEN SEEN SEEN SEEN\r\n", shallow).getMessage())
                .startsWith("Too deeply nested");
        assertThat(Parsing.parse("a1 SEARCH NOT NOT SEEN\r\n")).isInstanceOf(Command.Search.class);
    }

    @Test
    void deepNestingAtDefaultLimitsDoesNotOverflowTheStack() {
        String deep = "a1 SEARCH " + "NOT ".repeat(10_000) + "SEEN\r\n";
        assertThat(error(deep).getMessage()).startsWith("Too deeply nested");
    }

    @Test
    void endOfStreamInsideACommandIsEof() {
        for (ImapReader r : readers("a1 LOGIN alice", Limits.AFTER_LOGIN)) {
            assertThat(catchThrowableOfType(EOFException.class, () -> CommandParser.next(r, null))).isNotNull();
        }
        for (ImapReader r : readers("a1 APPEND x {10+}\r\nabc", Limits.AFTER_LOGIN)) {
            assertThat(catchThrowableOfType(EOFException.class, () -> CommandParser.next(r, null))).isNotNull();
        }
    }
}
