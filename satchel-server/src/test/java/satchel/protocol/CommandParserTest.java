package satchel.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static satchel.protocol.Parsing.parse;
import static satchel.protocol.Parsing.set;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import satchel.protocol.Command.StatusItem;

/** Connection, mailbox and LIST commands: input line -> record, each read whole and one byte at a time. */
class CommandParserTest {
    static MailboxName n(String name) {
        return new MailboxName.Valid(name);
    }

    static Arguments c(String name, String line, Command expected) {
        return Arguments.of(name, line, expected);
    }

    static Stream<Arguments> anyAndNotAuth() {
        return Stream.of(
                c("capability", "a1 CAPABILITY", new Command.Capability("a1")),
                c("lower case name", "a1 capability", new Command.Capability("a1")),
                c("noop", "x NOOP", new Command.Noop("x")),
                c("logout", "x LOGOUT", new Command.Logout("x")),
                c("tag with odd chars", "A.b-1] NOOP", new Command.Noop("A.b-1]")),
                c("starttls", "t STARTTLS", new Command.StartTls("t")),
                c("id nil", "i ID NIL", new Command.Id("i", null)),
                c("id params", "i ID (\"name\" \"mutt\" \"version\" NIL)",
                        new Command.Id("i", Arrays.asList("name", "mutt", "version", null))),
                c("id empty list", "i ID ()", new Command.Id("i", List.of())),
                c("login atoms", "l LOGIN alice secret", new Command.Login("l", "alice", "secret")),
                c("login quoted", "l LOGIN \"al ice\" \"p\\\"w\\\\d\"", new Command.Login("l", "al ice", "p\"w\\d")),
                c("login literals", "l LOGIN {5}\r\nalice {4+}\r\np ss", new Command.Login("l", "alice", "p ss")),
                c("login utf-8 quoted", "l LOGIN \"jürgen\" pw", new Command.Login("l", "jürgen", "pw")),
                c("authenticate", "a AUTHENTICATE plain", new Command.Authenticate("a", "PLAIN", Optional.empty())),
                c("authenticate sasl-ir", "a AUTHENTICATE PLAIN AGFsaWNlAHNlY3JldA==",
                        new Command.Authenticate("a", "PLAIN", Optional.of("AGFsaWNlAHNlY3JldA=="))),
                c("authenticate empty ir", "a AUTHENTICATE EXTERNAL =",
                        new Command.Authenticate("a", "EXTERNAL", Optional.of("="))));
    }

    static Stream<Arguments> authenticated() {
        return Stream.of(
                c("select", "s SELECT INBOX", new Command.Select("s", n("INBOX"), false, false, Optional.empty())),
                c("select inbox any case", "s select iNbOx", new Command.Select("s", n("INBOX"), false, false, Optional.empty())),
                c("inbox child normalised", "s SELECT inbox/Sub",
                        new Command.Select("s", n("INBOX/Sub"), false, false, Optional.empty())),
                c("inbox-like name kept", "s SELECT inboxes", new Command.Select("s", n("inboxes"), false, false, Optional.empty())),
                c("examine utf7", "s EXAMINE \"Entw&APw-rfe\"",
                        new Command.Select("s", n("Entwürfe"), true, false, Optional.empty())),
                c("select condstore", "s SELECT INBOX (CONDSTORE)",
                        new Command.Select("s", n("INBOX"), false, true, Optional.empty())),
                c("select qresync minimal", "s SELECT INBOX (QRESYNC (67890007 20050715194045000))",
                        new Command.Select("s", n("INBOX"), false, false, Optional.of(
                                new Command.QresyncParams(67890007, 20050715194045000L, Optional.empty(), Optional.empty())))),
                c("select qresync full", "s SELECT INBOX (QRESYNC (67890007 90060115194045000 41:211,214:541 "
                                + "(1:10 41:50)))",
                        new Command.Select("s", n("INBOX"), false, false, Optional.of(new Command.QresyncParams(67890007,
                                90060115194045000L, Optional.of(set(41, 211, 214, 541)),
                                Optional.of(new Command.SeqMatch(set(1, 10), set(41, 50))))))),
                c("create", "c CREATE foo/bar", new Command.Create("c", n("foo/bar"), Set.of())),
                c("create special-use", "c CREATE MySent (USE (\\Sent \\Archive))",
                        new Command.Create("c", n("MySent"), Set.of("\\Sent", "\\Archive"))),
                c("delete", "d DELETE \"with space\"", new Command.Delete("d", n("with space"))),
                c("rename", "r RENAME a b", new Command.Rename("r", n("a"), n("b"))),
                c("subscribe", "s SUBSCRIBE x", new Command.Subscribe("s", n("x"), true)),
                c("unsubscribe", "s UNSUBSCRIBE x", new Command.Subscribe("s", n("x"), false)),
                c("status", "s STATUS INBOX (MESSAGES UNSEEN uidnext)", new Command.Status("s", n("INBOX"),
                        EnumSet.of(StatusItem.MESSAGES, StatusItem.UNSEEN, StatusItem.UIDNEXT))),
                c("status extensions", "s STATUS x (HIGHESTMODSEQ SIZE DELETED APPENDLIMIT RECENT UIDVALIDITY)",
                        new Command.Status("s", n("x"), EnumSet.of(StatusItem.HIGHESTMODSEQ, StatusItem.SIZE,
                                StatusItem.DELETED, StatusItem.APPENDLIMIT, StatusItem.RECENT,
                                StatusItem.UIDVALIDITY))),
                c("idle", "i IDLE", new Command.Idle("i")),
                c("namespace", "n NAMESPACE", new Command.Namespace("n")),
                c("enable", "e ENABLE condstore QRESYNC", new Command.Enable("e", List.of("CONDSTORE", "QRESYNC"))),
                c("compress", "z COMPRESS DEFLATE", new Command.Compress("z", "DEFLATE")),
                c("check", "c CHECK", new Command.Check("c")),
                c("close", "c CLOSE", new Command.Close("c")),
                c("unselect", "c UNSELECT", new Command.Unselect("c")),
                c("expunge", "c EXPUNGE", new Command.Expunge("c", Optional.empty())),
                c("uid expunge", "c UID EXPUNGE 3:5,9", new Command.Expunge("c", Optional.of(set(3, 5, 9, 9)))),
                c("copy", "c COPY 1:* Trash", new Command.Copy("c", false, set(1, Long.MAX_VALUE), n("Trash"), false)),
                c("uid move", "c uid move 4,2:1 \"Arch&AOQ-\"",
                        new Command.Copy("c", true, set(4, 4, 2, 1), n("Archä"), true)),
                // RFC 3501 §5.1.3: not valid modified UTF-7, yet a valid astring: the command parses, the handler says NO
                c("select invalid utf-7", "a1 SELECT &Jjo", new Command.Select("a1",
                        new MailboxName.Invalid("&Jjo", "Unterminated '&' in mailbox name"), false, false, Optional.empty())),
                c("rename to needless utf-7", "a1 RENAME a &AGE-", new Command.Rename("a1", n("a"),
                        new MailboxName.Invalid("&AGE-", "Printable character needlessly encoded"))),
                c("copy to invalid utf-7", "a1 COPY 1 \"&Jj\"", new Command.Copy("a1", false, set(1, 1),
                        new MailboxName.Invalid("&Jj", "Unterminated '&' in mailbox name"), false)));
    }

    static Stream<Arguments> list() {
        Set<Command.ListSelect> none = Set.of();
        Set<Command.ListReturn> noReturn = Set.of();
        return Stream.of(
                c("list basic", "l LIST \"\" %", list("", List.of("%"), none, noReturn, Set.of())),
                c("list star pattern", "l LIST \"\" *", list("", List.of("*"), none, noReturn, Set.of())),
                c("list unquoted pattern chars", "l LIST foo/ bar%/*]",
                        list("foo/", List.of("bar%/*]"), none, noReturn, Set.of())),
                c("list quoted utf7 pattern", "l LIST \"\" \"Entw&APw-*\"",
                        list("", List.of("Entwü*"), none, noReturn, Set.of())),
                c("list extended", "l LIST (SUBSCRIBED REMOTE RECURSIVEMATCH SPECIAL-USE) \"\" (\"a\" \"b\") "
                                + "RETURN (SUBSCRIBED CHILDREN SPECIAL-USE STATUS (MESSAGES UNSEEN))",
                        list("", List.of("a", "b"), EnumSet.allOf(Command.ListSelect.class),
                                EnumSet.allOf(Command.ListReturn.class),
                                Set.of(StatusItem.MESSAGES, StatusItem.UNSEEN))),
                c("list empty options", "l LIST () \"\" % RETURN ()", list("", List.of("%"), none, noReturn, Set.of())),
                c("list inbox pattern", "l LIST \"\" inbox", list("", List.of("INBOX"), none, noReturn, Set.of())),
                c("lsub", "l LSUB \"\" \"*\"", new Command.ListMailboxes("l", "", List.of("*"), none, noReturn,
                        Set.of(), true)),
                // a pattern that is not valid modified UTF-7 matches nothing, so it is left out
                c("list invalid utf-7 pattern dropped", "l LIST \"\" (&Jjo* INBOX)",
                        list("", List.of("INBOX"), none, noReturn, Set.of())),
                c("list invalid utf-7 reference", "l LIST &Jjo (a /b)", list("", List.of("/b"), none, noReturn, Set.of())),
                c("lsub invalid utf-7 pattern", "l LSUB \"\" &-&Jjo", new Command.ListMailboxes("l", "", List.of(),
                        none, noReturn, Set.of(), true)));
    }

    static Command list(String ref, List<String> patterns, Set<Command.ListSelect> select, Set<Command.ListReturn> ret,
                        Set<StatusItem> status) {
        return new Command.ListMailboxes("l", ref, patterns, select, ret, status, false);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"anyAndNotAuth", "authenticated", "list"})
    void parses(String name, String line, Command expected) {
        assertThat(parse(line + "\r\n")).isEqualTo(expected);
    }

    @Test
    void pipelinedCommandsParseInOrder() {
        List<Command> all = Parsing.parseAll("a1 NOOP\r\na2 LOGIN {5+}\r\nalice pw\r\na3 SELECT INBOX\r\n"
                + "a4 FETCH 1 FLAGS\r\na5 LOGOUT\r\n");
        assertThat(all).containsExactly(new Command.Noop("a1"), new Command.Login("a2", "alice", "pw"),
                new Command.Select("a3", n("INBOX"), false, false, Optional.empty()),
                new Command.Fetch("a4", false, set(1, 1), List.of(new FetchItem.Flags()), OptionalLong.empty(), false),
                new Command.Logout("a5"));
    }

    @Test
    void bufferedCountsExactlyTheUnparsedPipeline() throws Exception {
        byte[] input = "a1 STARTTLS\r\na2 LOGIN x y\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        var r = Parsing.reader(new java.io.ByteArrayInputStream(input), satchel.wire.Limits.BEFORE_LOGIN);
        assertThat(CommandParser.next(r, null)).isEqualTo(new Command.StartTls("a1"));
        assertThat(r.buffered()).isEqualTo("a2 LOGIN x y\r\n".length());
        assertThat(r.bytesRead()).isEqualTo(input.length);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"anyAndNotAuth", "authenticated", "list"})
    void acceptsBareLf(String name, String line, Command expected) {
        assertThat(parse(line + "\n")).isEqualTo(expected);
    }
}
