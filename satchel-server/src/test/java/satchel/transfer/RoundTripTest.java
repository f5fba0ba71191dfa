package satchel.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.store.MailStore;
import satchel.store.MailboxId;
import satchel.store.NewMessage;
import satchel.store.StoreMaintenance.Progress;
import satchel.store.User;
import satchel.store.UserMail;
import satchel.store.sqlite.SqliteMailStore;

/** import(export(x)) gives back x: the same messages, flags, keywords and dates; from a Maildir also the UIDs. */
class RoundTripTest {
    @TempDir Path tmp;
    private MailStore store;
    private User alice;
    private final List<String> reports = new ArrayList<>();

    @BeforeEach void open() throws Exception {
        store = SqliteMailStore.open(tmp.resolve("data"));
        alice = store.createUser("alice", "x", null);
        UserMail mail = store.mail(alice);
        MailboxId inbox = mail.find("INBOX").orElseThrow().id();
        MailboxId sub = mail.create("Work/Äpfel", Set.of()).id();
        MailboxId archive = mail.create("Archive/2025", Set.of()).id();
        List<NewMessage> msgs = new ArrayList<>();
        String[][] flags = {{"\\Seen"}, {"\\Seen", "\\Flagged", "$Label1"}, {}, {"\\Answered", "project-x"},
                {"\\Draft"}, {"$Forwarded", "\\Seen"}, {"\\Deleted"}, {"$Junk", "project-x", "\\Flagged"}};
        for (int i = 0; i < flags.length; i++) msgs.add(message(i, Set.of(flags[i])));
        mail.append(inbox, msgs);
        mail.expunge(inbox, List.of(2L, 5L)); // gaps in the UIDs
        mail.append(sub, List.of(message(20, Set.of("\\Seen")), message(21, Set.of())));
        mail.append(archive, List.of(message(30, Set.of("old"))));
    }

    /** Bodies with the lines mbox must quote and unquote, and a header block of several lines. */
    private static NewMessage message(int i, Set<String> flags) {
        String text = "From: Alice <alice@example.org>\r\nTo: bob@example.org\r\nSubject: message " + i
                + "\r\n  folded\r\nMessage-ID: <" + i + "@example.org>\r\n\r\nHello,\r\nFrom here on\r\n"
                + ">From quoted\r\n>>From twice\r\n\r\nFrom the end\r\n";
        return new NewMessage(text.getBytes(StandardCharsets.UTF_8), flags, Instant.ofEpochSecond(1764583200L + i * 61));
    }

    @AfterEach void close() {
        store.close();
    }

    private Map<String, Fixtures.Box> roundTrip(MailExport.Format format, String user) throws Exception {
        Path dir = tmp.resolve(user);
        MailExport.Summary out = new MailExport(store.mail(alice), Progress.NONE, reports::add).run(dir, format, null);
        assertThat(out.messages()).isEqualTo(9);
        User other = store.createUser(user, "x", null);
        MailImport.Summary in = new MailImport(store, other, Progress.NONE, reports::add)
                .run(MailTree.folders(dir, MailTree.Layout.AUTO, null));
        assertThat(in.messages()).isEqualTo(9);
        assertThat(reports).isEmpty();
        return Fixtures.contents(store, other);
    }

    @Test void maildirKeepsEverythingIncludingUids() throws Exception {
        Map<String, Fixtures.Box> original = Fixtures.contents(store, alice);
        Map<String, Fixtures.Box> back = roundTrip(MailExport.Format.MAILDIR, "bob");
        assertThat(back).isEqualTo(original); // names, UIDVALIDITY, UIDNEXT, UIDs, flags, sizes, dates, bytes
        assertThat(Files.readString(tmp.resolve("bob/.Work.&AMQ-pfel/dovecot-uidlist"))).startsWith("3 V");
        assertThat(Files.exists(tmp.resolve("bob/.Work.&AMQ-pfel/maildirfolder"))).isTrue();
    }

    @Test void mboxKeepsMessagesFlagsKeywordsAndDates() throws Exception {
        Map<String, Fixtures.Box> original = Fixtures.contents(store, alice);
        Map<String, Fixtures.Box> back = roundTrip(MailExport.Format.MBOX, "carol");
        assertThat(back.keySet()).isEqualTo(original.keySet());
        for (String name : original.keySet()) {
            assertThat(back.get(name).messages())
                    .extracting(Fixtures.Msg::flags, Fixtures.Msg::content, Fixtures.Msg::date, Fixtures.Msg::size)
                    .isEqualTo(original.get(name).messages().stream().map(m -> org.assertj.core.groups.Tuple.tuple(
                            m.flags(), m.content(), m.date(), m.size())).toList());
        }
        String inbox = Files.readString(tmp.resolve("carol/INBOX.mbox"));
        assertThat(inbox).contains("\n>From here on\n>>From quoted\n>>>From twice\n")
                .contains("X-Keywords: $Junk project-x\n").contains("From MAILER-DAEMON Mon Dec  1 ")
                .doesNotContain("\r");
    }

    @Test void exportRefusesADirectoryWithFilesInIt() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("busy"));
        Files.writeString(dir.resolve("x"), "x");
        var e = org.assertj.core.api.Assertions.catchThrowable(() ->
                new MailExport(store.mail(alice), Progress.NONE, reports::add).run(dir, MailExport.Format.MBOX, null));
        assertThat(e).hasMessageContaining("not empty");
    }
}
