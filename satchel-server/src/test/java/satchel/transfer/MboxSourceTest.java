package satchel.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading mbox files as mutt, Dovecot and UW-IMAP write them. */
class MboxSourceTest {
    @TempDir Path tmp;

    private List<SourceFolder.Item> read(String mbox) throws Exception {
        Path f = tmp.resolve("box");
        Files.writeString(f, mbox);
        List<SourceFolder.Item> out = new ArrayList<>();
        MboxSource s = new MboxSource("INBOX", f);
        s.read(out::add);
        assertThat(s.count()).isGreaterThanOrEqualTo(out.size());
        return out;
    }

    @Test void muttStyleFileWithFlagHeadersAndQuotedFromLines() throws Exception {
        List<SourceFolder.Item> items = read("""
                From alice@example.org Sat Dec  5 10:00:00 2026
                From: alice@example.org
                Subject: first
                Status: RO
                X-Status: AF
                X-Keywords: $Label1, work
                Content-Length: 40
                Lines: 3

                Hi,
                >From the start of a line.
                >>From twice.

                From bob@example.org Sat Dec  5 11:30:00 2026
                Subject: second
                Status: O

                no flags
                """);
        assertThat(items).hasSize(2);
        assertThat(new String(items.get(0).content())).isEqualTo(
                "From: alice@example.org\r\nSubject: first\r\nLines: 3\r\n\r\nHi,\r\nFrom the start of a line.\r\n>From twice.\r\n");
        assertThat(items.get(0).flags()).containsExactlyInAnyOrder("\\Seen", "\\Answered", "\\Flagged", "$Label1", "work");
        assertThat(items.get(0).date()).isEqualTo(
                LocalDateTime.of(2026, 12, 5, 10, 0).atZone(ZoneId.systemDefault()).toInstant());
        assertThat(new String(items.get(1).content())).isEqualTo("Subject: second\r\n\r\nno flags\r\n");
        assertThat(items.get(1).flags()).isEqualTo(Set.of());
    }

    @Test void dovecotsFolderDataMessageIsNotMail() throws Exception {
        List<SourceFolder.Item> items = read("""
                From MAILER_DAEMON Sat Dec  5 10:00:00 2026
                Date: Sat, 5 Dec 2026 10:00:00 +0000
                From: Mail System Internal Data <MAILER-DAEMON@host>
                Subject: DON'T DELETE THIS MESSAGE -- FOLDER INTERNAL DATA
                X-IMAP: 1764583200 0000000003
                Status: RO

                This text is part of the internal format of your mail folder.

                From a@example.org Sat Dec  5 10:00:00 2026
                Subject: real
                X-UID: 1
                X-Status: T

                real mail
                """);
        assertThat(items).singleElement().satisfies(i -> {
            assertThat(new String(i.content())).isEqualTo("Subject: real\r\n\r\nreal mail\r\n");
            assertThat(i.flags()).containsExactly("\\Draft");
        });
    }

    @Test void aFileThatIsNoMboxIsReported() throws Exception {
        var e = org.assertj.core.api.Assertions.catchThrowable(() -> read("Subject: not an mbox\n\nbody\n"));
        assertThat(e).hasMessageContaining("not an mbox");
    }
}
