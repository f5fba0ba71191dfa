package satchel.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.store.MailStore;
import satchel.store.MailboxId;
import satchel.store.NewMessage;
import satchel.store.StoreMaintenance.Progress;
import satchel.store.UserMail;
import satchel.store.memory.MemoryMailStore;

/**
 * A Maildir export read by a real Maildir client: isync's {@code mbsync} copies it (as a Maildir++ store, INBOX at
 * the top) into a fresh Maildir, and every message arrives with its bytes (LF line ends) and system flags. mbsync
 * adds an X-TUID header to what it copies, which the comparison drops. Skipped when mbsync is not installed.
 * (mutt reads the same layout; driving its curses interface from a test proved flaky, so mbsync stands for both.)
 */
class MbsyncExportTest {
    @TempDir Path tmp;

    @Test void mbsyncCopiesEveryMessageWithItsFlags() throws Exception {
        assumeTrue(installed(), "mbsync not installed: apt-get install -y isync");
        Path export = tmp.resolve("export");
        try (MailStore store = new MemoryMailStore()) {
            var alice = store.createUser("alice", "x", null);
            UserMail mail = store.mail(alice);
            MailboxId inbox = mail.find("INBOX").orElseThrow().id();
            MailboxId sub = mail.create("Work/Sub", Set.of()).id();
            mail.append(inbox, List.of(msg("one", "\\Seen", "\\Flagged"), msg("two"), msg("three", "\\Answered", "\\Seen", "kw")));
            mail.append(sub, List.of(msg("four", "\\Draft"), msg("five", "\\Seen", "\\Deleted")));
            new MailExport(mail, Progress.NONE, line -> { throw new AssertionError(line); })
                    .run(export, MailExport.Format.MAILDIR, null);
        }
        Path near = Files.createDirectories(tmp.resolve("near"));
        Path rc = tmp.resolve("mbsyncrc");
        Files.writeString(rc, """
                MaildirStore far
                Inbox %1$s/
                SubFolders Maildir++

                MaildirStore near
                Path %2$s/
                Inbox %2$s/INBOX
                SubFolders Verbatim

                Channel copy
                Far :far:
                Near :near:
                Patterns *
                Create Near
                Sync Pull
                SyncState *
                """.formatted(export, near));
        Path log = tmp.resolve("mbsync.log");
        Process p = new ProcessBuilder("mbsync", "-V", "-c", rc.toString(), "-a").redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("mbsync log:\n%s", Files.readString(log)).isZero();
        assertThat(read(near.resolve("INBOX"))).isEqualTo(Map.of(
                "one", "FS", "two", "", "three", "RS"));
        assertThat(read(near.resolve("Work/Sub"))).isEqualTo(Map.of("four", "D", "five", "ST"));
    }

    private static NewMessage msg(String subject, String... flags) {
        String text = "Subject: " + subject + "\r\nMessage-ID: <" + subject + "@example.org>\r\n\r\nbody of " + subject
                + "\r\nFrom a line start\r\n";
        return new NewMessage(text.getBytes(StandardCharsets.UTF_8), Set.of(flags), Instant.parse("2025-12-01T10:00:00Z"));
    }

    /** Subject to maildir flag letters, checking each file's bytes on the way. */
    private static Map<String, String> read(Path folder) throws Exception {
        Map<String, String> out = new TreeMap<>();
        List<Path> files = new ArrayList<>();
        for (String d : new String[] {"cur", "new"}) {
            try (Stream<Path> s = Files.list(folder.resolve(d))) {
                files.addAll(s.toList());
            }
        }
        for (Path f : files) {
            String text = Files.readString(f).replaceAll("(?m)^X-TUID: .*\n", "");
            String subject = text.substring(9, text.indexOf('\n'));
            assertThat(text).isEqualTo("Subject: " + subject + "\nMessage-ID: <" + subject + "@example.org>\n\nbody of "
                    + subject + "\nFrom a line start\n");
            String name = f.getFileName().toString();
            out.put(subject, name.contains(":2,") ? name.substring(name.indexOf(":2,") + 3) : "");
        }
        return out;
    }

    private static boolean installed() {
        try {
            return new ProcessBuilder("mbsync", "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
