package satchel.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.store.MailStore;
import satchel.store.StoreMaintenance.Progress;
import satchel.store.User;
import satchel.store.sqlite.SqliteMailStore;

/**
 * Import of the checked-in Maildir that Dovecot wrote (flags, keywords, expunged gaps in the UIDs, a message in
 * new/), in both of Dovecot's layouts, into the SQLite store.
 */
class MaildirImportTest {
    @TempDir Path tmp;
    private MailStore store;
    private User alice;
    private final List<String> reports = new ArrayList<>();

    @BeforeEach void open() throws Exception {
        store = SqliteMailStore.open(tmp.resolve("data"));
        alice = store.createUser("alice", "x", null);
    }

    @AfterEach void close() {
        store.close();
    }

    private MailImport.Summary importFrom(Path root) throws Exception {
        return new MailImport(store, alice, Progress.NONE, reports::add)
                .run(MailTree.folders(root, MailTree.Layout.AUTO, null));
    }

    @Test void keepsDovecotsUidValidityUidsFlagsAndKeywords() throws Exception {
        Path maildir = Fixtures.dovecotMaildir(tmp.resolve("Maildir"));
        Instant date = Instant.parse("2025-12-01T09:00:00Z");
        try (Stream<Path> files = Files.list(maildir.resolve("cur"))) {
            for (Path f : files.toList()) Files.setLastModifiedTime(f, FileTime.from(date));
        }
        MailImport.Summary s = importFrom(maildir);
        assertThat(s.folders()).isEqualTo(4);
        assertThat(s.uidsKept()).isEqualTo(4);
        assertThat(s.messages()).isEqualTo(14);
        assertThat(reports).isEmpty();

        Map<String, Fixtures.Box> boxes = Fixtures.contents(store, alice);
        // INBOX: dovecot-uidlist "3 V1796545001 N9"; UIDs 3, 5 and 7 were expunged in Dovecot.
        Fixtures.Box inbox = boxes.get("INBOX");
        assertThat(inbox.uidValidity()).isEqualTo(1796545001L);
        assertThat(inbox.uidNext()).isEqualTo(9);
        assertThat(inbox.messages()).extracting(Fixtures.Msg::uid).containsExactly(1L, 2L, 4L, 6L, 8L);
        // dovecot-keywords: 0 $Label1, 1 project-x, 2 $Forwarded
        assertThat(inbox.messages()).extracting(Fixtures.Msg::flags).containsExactly(Set.of("\\Seen"),
                Set.of("\\Seen", "\\Flagged", "$Label1"), Set.of("\\Answered", "\\Seen", "project-x"),
                Set.of("\\Seen", "$Forwarded"), Set.of("$Label1", "project-x"));
        assertThat(inbox.messages()).extracting(Fixtures.Msg::date).containsOnly(date);
        Fixtures.Msg first = inbox.messages().getFirst();
        assertThat(first.content()).startsWith("From: Alice <alice@example.org>\r\n").endsWith(">From quoted.\r\n");
        assertThat(first.size()).isEqualTo(229); // the W= (CRLF) size Dovecot recorded

        // Work: "3 V1796544999 N5" but a line for UID 5 appended after the header: UIDNEXT 6.
        assertThat(boxes.get("Work").uidValidity()).isEqualTo(1796544999L);
        assertThat(boxes.get("Work").messages()).extracting(Fixtures.Msg::uid).containsExactly(1L, 3L, 4L, 5L);
        assertThat(boxes.get("Work").uidNext()).isEqualTo(6);
        assertThat(boxes.get("Work/Reports").messages()).extracting(Fixtures.Msg::uid).containsExactly(1L, 2L, 3L);
        assertThat(boxes.get("Work/Reports").messages().get(2).flags()).isEmpty(); // still in new/
        assertThat(boxes.get("Archive").uidValidity()).isEqualTo(1796545002L);
        assertThat(store.mail(alice).list()).extracting(b -> b.uidValidity()).doesNotHaveDuplicates();
    }

    @Test void rerunImportsNothingTwiceAndPicksUpNewMail() throws Exception {
        Path maildir = Fixtures.dovecotMaildir(tmp.resolve("Maildir"));
        importFrom(maildir);
        Map<String, Fixtures.Box> before = Fixtures.contents(store, alice);
        MailImport.Summary again = importFrom(maildir);
        assertThat(again.messages()).isZero();
        assertThat(again.alreadyThere()).isEqualTo(14);
        assertThat(Fixtures.contents(store, alice)).isEqualTo(before);

        // Mail delivered since, not yet in dovecot-uidlist: it gets the next UID, as Dovecot would have given it.
        Files.writeString(maildir.resolve("new/1796600000.M1P1.host"), "Subject: late\n\nlate mail\n");
        Files.write(maildir.resolve("cur/1796600001.M2P2.host:2,S"), new byte[0]); // broken: empty
        MailImport.Summary late = importFrom(maildir);
        assertThat(late.messages()).isEqualTo(1);
        assertThat(late.broken()).isEqualTo(1);
        assertThat(reports).anySatisfy(r -> assertThat(r).contains("1796600001.M2P2.host").contains("empty"));
        Fixtures.Box inbox = Fixtures.contents(store, alice).get("INBOX");
        assertThat(inbox.messages().getLast().uid()).isEqualTo(9);
        assertThat(inbox.messages().getLast().content()).isEqualTo("Subject: late\r\n\r\nlate mail\r\n");
        assertThat(importFrom(maildir).messages()).isZero(); // and that one is not imported twice either
    }

    @Test void layoutFsGivesTheSameMailboxes() throws Exception {
        Path pp = Fixtures.dovecotMaildir(tmp.resolve("pp"));
        Path fs = Fixtures.dovecotMaildir(tmp.resolve("fs"));
        Files.move(fs.resolve(".Work"), fs.resolve("Work"));
        Files.move(fs.resolve(".Work.Reports"), fs.resolve("Work/Reports"));
        Files.move(fs.resolve(".Archive"), fs.resolve("Archive"));
        assertThat(MailTree.detect(fs)).isEqualTo(MailTree.Layout.FS);
        assertThat(MailTree.detect(pp)).isEqualTo(MailTree.Layout.MAILDIRPP);
        importFrom(fs);
        User bob = store.createUser("bob", "x", null);
        new MailImport(store, bob, Progress.NONE, reports::add).run(MailTree.folders(pp, MailTree.Layout.AUTO, null));
        Map<String, Fixtures.Box> a = Fixtures.contents(store, alice);
        Map<String, Fixtures.Box> b = Fixtures.contents(store, bob);
        assertThat(a.keySet()).isEqualTo(b.keySet()).contains("Work/Reports");
        for (String name : a.keySet()) {
            assertThat(a.get(name).messages()).extracting(Fixtures.Msg::uid, Fixtures.Msg::flags, Fixtures.Msg::content)
                    .isEqualTo(b.get(name).messages().stream().map(m -> org.assertj.core.groups.Tuple.tuple(
                            m.uid(), m.flags(), m.content())).toList());
        }
    }

    @Test void aNonMaildirFileIsTakenAsMboxAndAnUnknownFolderNameIsKept() throws Exception {
        Path maildir = Fixtures.dovecotMaildir(tmp.resolve("Maildir"));
        // Dovecot's modified UTF-7 on disk: ".&AMQ-pfel" is "Äpfel".
        Path folder = maildir.resolve(".&AMQ-pfel");
        for (String d : new String[] {"cur", "new", "tmp"}) Files.createDirectories(folder.resolve(d));
        Files.writeString(folder.resolve("cur/1.M1.host:2,S"), "Subject: x\n\nx\n");
        importFrom(maildir);
        assertThat(Fixtures.contents(store, alice)).containsKey("Äpfel");
        assertThat(Fixtures.contents(store, alice).get("Äpfel").messages()).singleElement()
                .satisfies(m -> assertThat(m.flags()).containsExactly("\\Seen"));
    }
}
