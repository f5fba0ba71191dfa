package satchel.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static satchel.protocol.Parsing.parse;
import static satchel.protocol.Parsing.set;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import satchel.protocol.FetchItem.BodySection;
import satchel.protocol.FetchItem.Partial;
import satchel.protocol.FetchItem.Section;
import satchel.protocol.FetchItem.SectionText;

/** FETCH, STORE and APPEND: input line -> record, each read whole and one byte at a time. */
class MessageCommandsTest {
    static final long STAR = SequenceSet.STAR;

    static Arguments c(String name, String line, Command expected) {
        return Arguments.of(name, line, expected);
    }

    static Command.Fetch fetch(String set, FetchItem... items) {
        return new Command.Fetch("f", false, parseSet(set), List.of(items), OptionalLong.empty(), false);
    }

    static SequenceSet parseSet(String s) {
        return ((Command.Expunge) parse("t UID EXPUNGE " + s + "\r\n")).uids().orElseThrow();
    }

    static BodySection body(Section s, boolean peek, Partial p) {
        return new BodySection(s, peek, p);
    }

    static Section sec(List<Integer> part, SectionText text, String... fields) {
        return new Section(part, text, List.of(fields));
    }

    static final FetchItem FLAGS = new FetchItem.Flags(), DATE = new FetchItem.InternalDate(),
            SIZE = new FetchItem.Rfc822Size(), ENV = new FetchItem.Envelope();

    static Stream<Arguments> fetches() {
        return Stream.of(
                c("fetch all macro", "f FETCH 1 ALL", fetch("1", FLAGS, DATE, SIZE, ENV)),
                c("fetch fast macro", "f FETCH 1 fast", fetch("1", FLAGS, DATE, SIZE)),
                c("fetch full macro", "f FETCH 1 FULL",
                        fetch("1", FLAGS, DATE, SIZE, ENV, new FetchItem.BodyStructure(false))),
                c("fetch single", "f FETCH 2:4 FLAGS", fetch("2:4", FLAGS)),
                c("fetch simple list", "f FETCH * (UID FLAGS RFC822.SIZE INTERNALDATE ENVELOPE MODSEQ)",
                        fetch("*", new FetchItem.Uid(), FLAGS, SIZE, DATE, ENV, new FetchItem.ModSeq())),
                c("fetch rfc822 forms", "f FETCH 1 (RFC822 RFC822.HEADER RFC822.TEXT)",
                        fetch("1", new FetchItem.Rfc822(FetchItem.Rfc822Kind.FULL),
                                new FetchItem.Rfc822(FetchItem.Rfc822Kind.HEADER),
                                new FetchItem.Rfc822(FetchItem.Rfc822Kind.TEXT))),
                c("fetch body and bodystructure", "f FETCH 1 (BODY BODYSTRUCTURE)",
                        fetch("1", new FetchItem.BodyStructure(false), new FetchItem.BodyStructure(true))),
                c("body[]", "f FETCH 1 BODY[]", fetch("1", body(Section.whole(), false, null))),
                c("body[header]", "f FETCH 1 body[header]",
                        fetch("1", body(sec(List.of(), SectionText.HEADER), false, null))),
                c("body[header.fields]", "f FETCH 1 BODY[HEADER.FIELDS (From \"To\" {2}\r\nCc)]",
                        fetch("1", body(sec(List.of(), SectionText.HEADER_FIELDS, "From", "To", "Cc"), false, null))),
                c("body.peek[header.fields.not]", "f FETCH 1 (BODY.PEEK[HEADER.FIELDS.NOT (Received)])",
                        fetch("1", body(sec(List.of(), SectionText.HEADER_FIELDS_NOT, "Received"), true, null))),
                c("body[text]", "f FETCH 1 BODY[TEXT]", fetch("1", body(sec(List.of(), SectionText.TEXT), false, null))),
                c("body[1.2.mime]", "f FETCH 1 BODY[1.2.MIME]",
                        fetch("1", body(sec(List.of(1, 2), SectionText.MIME), false, null))),
                c("body[2.header]", "f FETCH 1 BODY[2.HEADER]",
                        fetch("1", body(sec(List.of(2), SectionText.HEADER), false, null))),
                c("body[3]", "f FETCH 1 BODY[3]", fetch("1", body(sec(List.of(3), SectionText.NONE), false, null))),
                c("body.peek partial", "f FETCH 1 BODY.PEEK[]<0.100>",
                        fetch("1", body(Section.whole(), true, new Partial(0, 100)))),
                c("binary", "f FETCH 1 (BINARY[1]<5.10> BINARY.PEEK[] BINARY.SIZE[1.2])",
                        fetch("1", new FetchItem.Binary(List.of(1), false, false, new Partial(5, 10)),
                                new FetchItem.Binary(List.of(), true, false, null),
                                new FetchItem.Binary(List.of(1, 2), false, true, null))),
                c("uid fetch changedsince vanished", "f UID FETCH 300:500 (FLAGS) (CHANGEDSINCE 12345 VANISHED)",
                        new Command.Fetch("f", true, set(300, 500), List.of(FLAGS), OptionalLong.of(12345), true)),
                c("fetch changedsince", "f FETCH 1:* FLAGS (CHANGEDSINCE 7)",
                        new Command.Fetch("f", false, set(1, STAR), List.of(FLAGS), OptionalLong.of(7), false)),
                c("fetch saved set", "f FETCH $ FLAGS",
                        new Command.Fetch("f", false, SequenceSet.SAVED, List.of(FLAGS), OptionalLong.empty(), false)),
                c("sequence set forms", "f FETCH 1,3:5,7:*,*:9,4294967295 FLAGS",
                        new Command.Fetch("f", false, set(1, 1, 3, 5, 7, STAR, STAR, 9, 4294967295L, 4294967295L),
                                List.of(FLAGS), OptionalLong.empty(), false)));
    }

    static Stream<Arguments> stores() {
        return Stream.of(
                c("store replace list", "s STORE 1 FLAGS (\\Seen \\Flagged)", new Command.Store("s", false, set(1, 1),
                        StoreMode.REPLACE, false, Set.of("\\Seen", "\\Flagged"), OptionalLong.empty())),
                c("store add silent bare flags", "s STORE 1:2 +FLAGS.SILENT \\Deleted $Junk",
                        new Command.Store("s", false, set(1, 2), StoreMode.ADD, true, Set.of("\\Deleted", "$Junk"), OptionalLong.empty())),
                c("store remove", "s STORE 1 -flags (\\Seen)",
                        new Command.Store("s", false, set(1, 1), StoreMode.REMOVE, false, Set.of("\\Seen"), OptionalLong.empty())),
                c("store empty list", "s STORE 1 FLAGS ()",
                        new Command.Store("s", false, set(1, 1), StoreMode.REPLACE, false, Set.of(), OptionalLong.empty())),
                c("uid store unchangedsince", "s UID STORE 5 (UNCHANGEDSINCE 0) +FLAGS.SILENT (\\Seen)",
                        new Command.Store("s", true, set(5, 5), StoreMode.ADD, true, Set.of("\\Seen"), OptionalLong.of(0))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"fetches", "stores"})
    void parses(String name, String line, Command expected) {
        assertThat(parse(line + "\r\n")).isEqualTo(expected);
    }

    @Test
    void appendWithFlagsAndDate() {
        var a = (Command.Append) parse("a APPEND Drafts (\\Draft \\Seen) \"17-Jul-1996 02:44:25 -0700\" {5}\r\nhello\r\n");
        assertThat(a.mailbox()).isEqualTo(new MailboxName.Valid("Drafts"));
        assertThat(a.messages()).singleElement().satisfies(m -> {
            assertThat(m.flags()).containsExactlyInAnyOrder("\\Draft", "\\Seen");
            assertThat(m.internalDate()).contains(
                    OffsetDateTime.of(1996, 7, 17, 2, 44, 25, 0, ZoneOffset.ofHours(-7)));
            assertThat(Parsing.bytes(m)).asString(StandardCharsets.US_ASCII).isEqualTo("hello");
        });
    }

    @Test
    void appendPlainAndSpaceDay() {
        var a = (Command.Append) parse("a APPEND INBOX \" 1-Feb-2024 23:59:59 +0130\" {0+}\r\n\r\n");
        assertThat(a.messages()).singleElement().satisfies(m -> {
            assertThat(m.flags()).isEmpty();
            assertThat(m.internalDate()).contains(OffsetDateTime.of(2024, 2, 1, 23, 59, 59, 0,
                    ZoneOffset.ofHoursMinutes(1, 30)));
            assertThat(Parsing.bytes(m)).isEmpty();
        });
        var b = (Command.Append) parse("a APPEND inbox {3}\r\nx\r\n\r\n");
        assertThat(b.mailbox()).isEqualTo(new MailboxName.Valid("INBOX"));
        assertThat(b.messages().getFirst().internalDate()).isEmpty();
        assertThat(Parsing.bytes(b.messages().getFirst())).asString(StandardCharsets.US_ASCII).isEqualTo("x\r\n");
    }

    @Test
    void multiappendAndLiteral8() {
        var a = (Command.Append) parse("a APPEND saved-messages (\\Seen) {3}\r\none {3+}\r\ntwo"
                + " \"01-Jan-2000 00:00:00 +0000\" ~{4}\r\nt\0r\1\r\n");
        assertThat(a.messages()).hasSize(3);
        assertThat(a.messages()).extracting(m -> new String(Parsing.bytes(m), StandardCharsets.ISO_8859_1))
                .containsExactly("one", "two", "t\0r\1");
        assertThat(a.messages().get(0).flags()).containsExactly("\\Seen");
        assertThat(a.messages().get(1).flags()).isEmpty();
        assertThat(a.messages().get(2).internalDate()).contains(
                OffsetDateTime.of(2000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC));
    }

    @Test
    void appendContentIs8BitClean() {
        byte[] body = new byte[256];
        for (int i = 0; i < 256; i++) body[i] = (byte) i;
        String line = "a APPEND x {256}\r\n" + new String(body, StandardCharsets.ISO_8859_1) + "\r\n";
        var r = Parsing.reader(new java.io.ByteArrayInputStream(line.getBytes(StandardCharsets.ISO_8859_1)),
                satchel.wire.Limits.AFTER_LOGIN);
        var a = next(r);
        assertThat(Parsing.bytes(a.messages().getFirst())).isEqualTo(body);
    }

    private static Command.Append next(satchel.wire.ImapReader r) {
        try {
            return (Command.Append) CommandParser.next(r, size -> {});
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
