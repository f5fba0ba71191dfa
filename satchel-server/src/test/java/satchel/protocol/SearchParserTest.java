package satchel.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static satchel.protocol.Parsing.parse;
import static satchel.protocol.Parsing.set;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import satchel.protocol.SearchKey.And;
import satchel.protocol.SearchKey.DateOp;
import satchel.protocol.SearchKey.Flag;
import satchel.protocol.SearchKey.Header;

/** SEARCH keys of RFC 3501 §6.4.4 plus ESEARCH, SEARCHRES, MODSEQ and WITHIN (RFC 5032); each read whole and trickled. */
class SearchParserTest {
    static Arguments c(String name, String line, SearchKey key) {
        return Arguments.of(name, line, key);
    }

    static Stream<Arguments> keys() {
        return Stream.of(
                c("all", "ALL", new SearchKey.All()),
                c("flags", "ANSWERED DELETED draft FLAGGED SEEN", new And(List.of(new Flag("\\Answered", true),
                        new Flag("\\Deleted", true), new Flag("\\Draft", true), new Flag("\\Flagged", true),
                        new Flag("\\Seen", true)))),
                c("un-flags", "UNANSWERED UNDELETED UNDRAFT UNFLAGGED UNSEEN", new And(List.of(
                        new Flag("\\Answered", false), new Flag("\\Deleted", false), new Flag("\\Draft", false),
                        new Flag("\\Flagged", false), new Flag("\\Seen", false)))),
                c("keywords", "KEYWORD $Junk UNKEYWORD foo",
                        new And(List.of(new Flag("$Junk", true), new Flag("foo", false)))),
                c("recent new old", "RECENT NEW OLD",
                        new And(List.of(new SearchKey.Recent(), new SearchKey.New(), new SearchKey.Old()))),
                c("address headers", "FROM alice TO \"bob smith\" CC c BCC {1}\r\nd SUBJECT \"\"",
                        new And(List.of(new Header("From", "alice"), new Header("To", "bob smith"),
                                new Header("Cc", "c"), new Header("Bcc", "d"), new Header("Subject", "")))),
                c("header", "HEADER X-Mailer \"\"", new Header("X-Mailer", "")),
                c("body text", "BODY hello TEXT world",
                        new And(List.of(new SearchKey.Body("hello"), new SearchKey.Text("world")))),
                c("dates", "BEFORE 1-Feb-1994 ON \"01-feb-1994\" SINCE 29-Feb-2024",
                        new And(List.of(new SearchKey.Date(DateOp.BEFORE, LocalDate.of(1994, 2, 1), false),
                                new SearchKey.Date(DateOp.ON, LocalDate.of(1994, 2, 1), false),
                                new SearchKey.Date(DateOp.SINCE, LocalDate.of(2024, 2, 29), false)))),
                c("sent dates", "SENTBEFORE 1-Jan-2000 SENTON 2-Jan-2000 SENTSINCE 3-Jan-2000",
                        new And(List.of(new SearchKey.Date(DateOp.BEFORE, LocalDate.of(2000, 1, 1), true),
                                new SearchKey.Date(DateOp.ON, LocalDate.of(2000, 1, 2), true),
                                new SearchKey.Date(DateOp.SINCE, LocalDate.of(2000, 1, 3), true)))),
                c("sizes", "LARGER 100 SMALLER 5000000000",
                        new And(List.of(new SearchKey.Larger(100), new SearchKey.Smaller(5_000_000_000L)))),
                c("sequence set", "1:3,5", new SearchKey.Sequence(set(1, 3, 5, 5), false)),
                c("uid set", "UID 2:*", new SearchKey.Sequence(set(2, SequenceSet.STAR), true)),
                c("saved result", "$", new SearchKey.Sequence(SequenceSet.SAVED, false)),
                c("uid saved result", "UID $", new SearchKey.Sequence(SequenceSet.SAVED, true)),
                c("not", "NOT SEEN", new SearchKey.Not(new Flag("\\Seen", true))),
                c("or", "OR SEEN (FLAGGED 1)", new SearchKey.Or(new Flag("\\Seen", true),
                        new And(List.of(new Flag("\\Flagged", true), new SearchKey.Sequence(set(1, 1), false))))),
                c("nested", "NOT (OR NOT DELETED SEEN)", new SearchKey.Not(new And(List.of(new SearchKey.Or(
                        new SearchKey.Not(new Flag("\\Deleted", true)), new Flag("\\Seen", true)))))),
                c("within", "OLDER 3600 younger 1 YOUNGER 4294967295", new And(List.of(new SearchKey.Within(true, 3600),
                        new SearchKey.Within(false, 1), new SearchKey.Within(false, 4294967295L)))),
                c("within under not and or", "NOT OR OLDER 86400 (YOUNGER 60)", new SearchKey.Not(new SearchKey.Or(
                        new SearchKey.Within(true, 86400), new And(List.of(new SearchKey.Within(false, 60)))))),
                c("modseq", "MODSEQ 620162338", new SearchKey.ModSeq(620162338)),
                c("modseq entry", "MODSEQ \"/flags/\\\\draft\" all 620162338", new SearchKey.ModSeq(620162338)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keys")
    void parsesKey(String name, String keys, SearchKey expected) {
        assertThat(parse("s SEARCH " + keys + "\r\n"))
                .isEqualTo(new Command.Search("s", false, Optional.empty(), expected, PLAIN));
    }

    private static final SearchReturn PLAIN = new SearchReturn.Plain();

    static Stream<Arguments> forms() {
        SearchKey all = new SearchKey.All();
        return Stream.of(
                Arguments.of("uid search", "s UID SEARCH ALL", new Command.Search("s", true, Optional.empty(), all, PLAIN)),
                Arguments.of("charset", "s SEARCH CHARSET UTF-8 SUBJECT \"grüße\"",
                        new Command.Search("s", false, Optional.of("UTF-8"), new Header("Subject", "grüße"), PLAIN)),
                Arguments.of("charset literal latin1", "s SEARCH CHARSET ISO-8859-1 BODY {2}\r\n\u00e9",
                        new Command.Search("s", false, Optional.of("ISO-8859-1"), new SearchKey.Body("\u00c3\u00a9"), PLAIN)),
                Arguments.of("unknown charset kept for the session", "s SEARCH CHARSET X-NOPE ALL",
                        new Command.Search("s", false, Optional.of("X-NOPE"), all, PLAIN)),
                Arguments.of("return options", "s SEARCH RETURN (MIN MAX COUNT ALL SAVE) ALL",
                        new Command.Search("s", false, Optional.empty(), all,
                                new SearchReturn.Extended(EnumSet.of(SearchReturn.Option.MIN, SearchReturn.Option.MAX,
                                        SearchReturn.Option.COUNT, SearchReturn.Option.ALL, SearchReturn.Option.SAVE)))),
                Arguments.of("within in esearch", "s UID SEARCH RETURN (COUNT) YOUNGER 60",
                        new Command.Search("s", true, Optional.empty(), new SearchKey.Within(false, 60),
                                new SearchReturn.Extended(Set.of(SearchReturn.Option.COUNT)))),
                Arguments.of("empty return", "s UID SEARCH RETURN () CHARSET US-ASCII 1",
                        new Command.Search("s", true, Optional.of("US-ASCII"), new SearchKey.Sequence(set(1, 1), false),
                                new SearchReturn.Extended(Set.of(SearchReturn.Option.ALL)))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forms")
    void parsesForm(String name, String line, Command expected) {
        assertThat(parse(line + "\r\n")).isEqualTo(expected);
    }
}
