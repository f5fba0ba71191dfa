package satchel.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import satchel.wire.ImapReader;
import satchel.wire.Limits;
import satchel.wire.TricklingInputStream;

class CommandParserPropertiesTest {
    static final Limits STRICT = new Limits(512, 256, 1024, 4, 3);

    @Provide
    Arbitrary<SequenceSet> sequenceSets() {
        Arbitrary<Long> n = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Arbitraries.longs().between(1, 0xFFFF_FFFFL)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(SequenceSet.STAR)));
        Arbitrary<SequenceSet.Range> range = Combinators.combine(n, n).as(SequenceSet.Range::new);
        return range.list().ofMinSize(1).ofMaxSize(20).map(SequenceSet::of);
    }

    static String render(SequenceSet s) {
        return s.ranges().stream().map(r -> r.lo() == r.hi() ? num(r.lo()) : num(r.lo()) + ":" + num(r.hi()))
                .collect(Collectors.joining(","));
    }

    private static String num(long n) {
        return n == SequenceSet.STAR ? "*" : Long.toString(n);
    }

    @Property
    void sequenceSetsRoundTrip(@ForAll("sequenceSets") SequenceSet set) {
        Command c = Parsing.parse("t UID FETCH " + render(set) + " UID\r\n");
        assertThat(((Command.Fetch) c).set()).isEqualTo(set);
    }

    @Property
    void quotedMailboxNamesRoundTrip(@ForAll @Size(max = 40) String name) {
        net.jqwik.api.Assume.that(name.codePoints().allMatch(cp -> cp >= 0x20 && cp != 0x7f
                && (cp < 0xd800 || cp > 0xdfff)));
        String wire = satchel.wire.ModifiedUtf7.encode(name).replace("\\", "\\\\").replace("\"", "\\\"");
        Command c = Parsing.parse("t DELETE \"" + wire + "\"\r\n");
        assertThat(((Command.Delete) c).mailbox()).isEqualTo(new MailboxName.Valid(Args.normaliseInbox(name)));
    }

    @Property(tries = 500)
    void arbitraryBytesOnlyEverFailAsProtocolErrors(@ForAll @Size(max = 600) byte[] junk) throws IOException {
        Drain.all(reader(junk, false));
        Drain.all(reader(junk, true));
    }

    @Provide
    Arbitrary<String> commandish() {
        Arbitrary<String> pieces = Arbitraries.of(List.of("a", "1", " ", "(", ")", "[", "]", "<", ">", ".", "*",
                ":", ",", "$", "\"", "\\", "{", "}", "+", "~", "\r\n", "\n", "{3}\r\n", "{2+}\r\n", "{999}\r\n",
                "{99999+}\r\n", "NIL", "UID ", "FETCH ", "SEARCH ", "STORE ", "APPEND ", "LIST ", "SELECT ",
                "BODY.PEEK[", "HEADER.FIELDS (", "NOT ", "OR ", "FLAGS ", "\\Seen", "RETURN (", "CHARSET ",
                "(QRESYNC (1 2 1:3 (1 2)))", "LOGIN ", "\"01-Jan-2000 00:00:00 +0000\" ", "1-Jan-2000", "ü", "\0"));
        return pieces.list().ofMaxSize(60).map(l -> String.join("", l));
    }

    @Property(tries = 500)
    void commandLikeJunkOnlyEverFailsAsProtocolErrors(@ForAll("commandish") String input) throws IOException {
        byte[] b = input.getBytes(StandardCharsets.UTF_8);
        Drain.all(reader(b, false));
        Drain.all(reader(b, true));
    }

    static ImapReader reader(byte[] b, boolean trickle) {
        return Parsing.reader(trickle ? new TricklingInputStream(b) : new ByteArrayInputStream(b), STRICT);
    }
}
