package satchel.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static satchel.protocol.Parsing.error;
import static satchel.protocol.Parsing.parse;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import satchel.protocol.Command.SortReturn;
import satchel.protocol.SortCriterion.Key;

/** SORT and THREAD (RFC 5256 §5, RFC 5267 §3 ESORT, RFC 5957): line -> record, read whole and trickled. */
class SortParserTest {
    static SortCriterion up(Key k) { return new SortCriterion(k, false); }

    static SortCriterion down(Key k) { return new SortCriterion(k, true); }

    static Stream<Arguments> good() {
        SearchKey all = new SearchKey.All();
        return Stream.of(
                Arguments.of("one key", "s SORT (DATE) UTF-8 ALL",
                        new Command.Sort("s", false, List.of(up(Key.DATE)), new SortReturn.Plain(), "UTF-8", all)),
                Arguments.of("reverse, display, case", "s uid sort (reverse Subject DISPLAYFROM) us-ascii ALL",
                        new Command.Sort("s", true, List.of(down(Key.SUBJECT), up(Key.DISPLAYFROM)),
                                new SortReturn.Plain(), "us-ascii", all)),
                Arguments.of("several search keys", "s SORT (SIZE) \"UTF-8\" SEEN FROM \"bob\"",
                        new Command.Sort("s", false, List.of(up(Key.SIZE)), new SortReturn.Plain(), "UTF-8",
                                new SearchKey.And(List.of(new SearchKey.Flag("\\Seen", true),
                                        new SearchKey.Header("From", "bob"))))),
                Arguments.of("ESORT", "s SORT RETURN (MIN COUNT) (ARRIVAL) UTF-8 ALL",
                        new Command.Sort("s", false, List.of(up(Key.ARRIVAL)),
                                new SortReturn.Esearch(Set.of(SortReturn.Option.MIN, SortReturn.Option.COUNT)), "UTF-8", all)),
                Arguments.of("ESORT empty RETURN means ALL", "s SORT RETURN () (CC) UTF-8 ALL",
                        new Command.Sort("s", false, List.of(up(Key.CC)),
                                new SortReturn.Esearch(Set.of(SortReturn.Option.ALL)), "UTF-8", all)),
                Arguments.of("thread references", "t THREAD REFERENCES UTF-8 ALL",
                        new Command.Threads("t", false, Command.ThreadAlgorithm.REFERENCES, "UTF-8", all)),
                Arguments.of("uid thread orderedsubject", "t UID THREAD orderedsubject US-ASCII 1:*",
                        new Command.Threads("t", true, Command.ThreadAlgorithm.ORDEREDSUBJECT, "US-ASCII",
                                new SearchKey.Sequence(Parsing.set(1, SequenceSet.STAR), false))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("good")
    void parses(String name, String line, Command expected) {
        assertThat(parse(line + "\r\n")).isEqualTo(expected);
    }

    static Stream<Arguments> bad() {
        return Stream.of(
                Arguments.of("unknown criterion", "s SORT (BOGUS) UTF-8 ALL", "Unknown sort criterion BOGUS"),
                Arguments.of("no list", "s SORT DATE UTF-8 ALL", "SORT expects (sort criteria) or RETURN, not DATE"),
                Arguments.of("empty list", "s SORT () UTF-8 ALL", "Invalid"),
                Arguments.of("REVERSE alone", "s SORT (REVERSE) UTF-8 ALL", "REVERSE must be followed by a sort key"),
                Arguments.of("charset missing", "s SORT (DATE) ALL", "Missing argument to SORT"),
                Arguments.of("no search keys", "s SORT (DATE) UTF-8", "Missing argument to SORT"),
                Arguments.of("unknown return option", "s SORT RETURN (SAVE) (DATE) UTF-8 ALL", "Unknown SORT return option SAVE"),
                Arguments.of("unknown algorithm", "t THREAD X-ALG UTF-8 ALL", "Unknown THREAD algorithm X-ALG"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bad")
    void refuses(String name, String line, String message) {
        assertThat(error(line + "\r\n").getMessage()).startsWith(message);
    }
}
