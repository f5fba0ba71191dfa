package satchel.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.TestClient;
import satchel.embedded.Satchel;

/**
 * Two-way sync with isync's {@code mbsync} (Debian package isync) between Satchel and a local Maildir: messages
 * start on both sides, flags then change on both sides, and after each round (each round runs mbsync
 * twice, and the second run must keep everything in agreement) every message exists on both sides with the same bytes and the same flags. mbsync
 * stores LF in the Maildir and sends CRLF, so bodies are compared with CRLF line ends, and it adds an X-TUID
 * header to each message it copies, which the comparison ignores.
 * Skipped, with a message, when mbsync is not installed.
 */
class MbsyncSyncTest {
    private static final int LOCAL = 150;
    private static final int REMOTE = 150;
    private static final Map<Character, String> MAILDIR_FLAGS =
            Map.of('D', "\\Draft", 'F', "\\Flagged", 'R', "\\Answered", 'S', "\\Seen");

    @TempDir Path tmp;

    @Test void twoWaySync() throws Exception {
        assumeTrue(mbsyncInstalled(), "mbsync not installed: apt-get install -y isync");
        try (var satchel = Satchel.builder().imap(0).user("alice", "secret").start()) {
            int port = satchel.imapPort();
            Path maildir = tmp.resolve("mail");
            Path inbox = maildir.resolve("INBOX");
            for (String d : new String[] {"cur", "new", "tmp"}) Files.createDirectories(inbox.resolve(d));
            for (int i = 0; i < LOCAL; i++) {
                String flags = i % 3 == 0 ? "S" : i % 3 == 1 ? "FS" : "";
                Files.writeString(inbox.resolve("cur").resolve("100" + i + ".local" + i + ":2," + flags),
                        message("local-" + i), StandardCharsets.UTF_8);
            }
            try (var imap = new Imap(port)) {
                for (int i = 0; i < REMOTE; i++) {
                    String flags = i % 4 == 0 ? "(\\Answered)" : i % 4 == 1 ? "(\\Seen \\Flagged)" : "()";
                    byte[] m = message("remote-" + i).replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
                    imap.command("APPEND INBOX " + flags + " {" + m.length + "+}\r\n"
                            + new String(m, StandardCharsets.UTF_8));
                }
            }
            Path rc = config(port, maildir);
            sync(rc);
            sync(rc);
            assertSame(port, inbox, LOCAL + REMOTE);

            // Flags change on both sides: locally on some synced files, remotely on other messages.
            try (Stream<Path> files = Files.list(inbox.resolve("cur"))) {
                for (Path f : files.toList()) {
                    String id = messageId(Files.readString(f));
                    if (id.hashCode() % 5 != 0) continue;
                    String name = f.getFileName().toString();
                    String base = name.substring(0, name.indexOf(":2,"));
                    Files.move(f, f.resolveSibling(base + ":2,FR"));
                }
            }
            try (var imap = new Imap(port)) {
                imap.command("SELECT INBOX");
                imap.command("UID STORE 1:40 +FLAGS.SILENT (\\Seen \\Draft)");
                imap.command("UID STORE 200:260 -FLAGS.SILENT (\\Seen)");
            }
            sync(rc);
            sync(rc);
            assertSame(port, inbox, LOCAL + REMOTE);
        }
    }

    private static String message(String id) {
        return "From: Sync Test <sync@example.org>\nTo: alice@example.org\nSubject: message " + id
                + "\nMessage-ID: <" + id + "@example.org>\nDate: Mon, 7 Feb 1994 21:52:25 -0800\n\n"
                + ("Line of " + id + " with some text.\n").repeat(1 + Math.floorMod(id.hashCode(), 40));
    }

    private static boolean mbsyncInstalled() {
        try {
            return new ProcessBuilder("mbsync", "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private Path config(int port, Path maildir) throws IOException {
        Path rc = tmp.resolve("mbsyncrc");
        Files.writeString(rc, """
                IMAPAccount satchel
                Host 127.0.0.1
                Port %d
                User alice
                Pass secret
                SSLType None
                AuthMechs LOGIN

                IMAPStore remote
                Account satchel

                MaildirStore local
                Path %s/
                Inbox %s/INBOX

                Channel sync
                Far :remote:
                Near :local:
                Patterns INBOX
                Create Both
                Expunge Both
                SyncState *
                Sync All
                """.formatted(port, maildir, maildir));
        return rc;
    }

    private void sync(Path rc) throws Exception {
        Path log = tmp.resolve("mbsync.log");
        Process p = new ProcessBuilder("mbsync", "-V", "-c", rc.toString(), "-a")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("mbsync finished").isTrue();
        assertThat(p.exitValue()).as("mbsync exit status; log:\n%s", Files.readString(log)).isZero();
    }

    /** Every message on both sides, same bytes (CRLF) and same flags, keyed by Message-ID. */
    private void assertSame(int port, Path inbox, int expected) throws Exception {
        Map<String, String> localBodies = new TreeMap<>();
        Map<String, TreeSet<String>> localFlags = new TreeMap<>();
        for (String d : new String[] {"cur", "new"}) {
            try (Stream<Path> files = Files.list(inbox.resolve(d))) {
                for (Path f : files.toList()) {
                    String text = Files.readString(f).replace("\r\n", "\n").replace("\n", "\r\n");
                    String id = messageId(text);
                    assertThat(localBodies.put(id, text)).as("duplicate local " + id).isNull();
                    String name = f.getFileName().toString();
                    TreeSet<String> flags = new TreeSet<>();
                    int info = name.indexOf(":2,");
                    if (info >= 0) for (char c : name.substring(info + 3).toCharArray()) flags.add(MAILDIR_FLAGS.get(c));
                    localFlags.put(id, flags);
                }
            }
        }
        Map<String, String> remoteBodies = new TreeMap<>();
        Map<String, TreeSet<String>> remoteFlags = new TreeMap<>();
        try (var imap = new Imap(port)) {
            imap.command("SELECT INBOX");
            for (Imap.Fetched f : imap.fetchAll()) {
                String id = messageId(f.body());
                assertThat(remoteBodies.put(id, f.body())).as("duplicate remote " + id).isNull();
                remoteFlags.put(id, f.flags());
            }
        }
        assertThat(localBodies).hasSize(expected);
        assertThat(remoteBodies).hasSize(expected);
        assertThat(remoteBodies.keySet()).isEqualTo(localBodies.keySet());
        for (String id : localBodies.keySet()) {
            assertThat(withoutTuid(remoteBodies.get(id))).as("bytes of " + id).isEqualTo(withoutTuid(localBodies.get(id)));
            assertThat(remoteFlags.get(id)).as("flags of " + id).isEqualTo(localFlags.get(id));
        }
    }

    /** mbsync inserts its own X-TUID header into every message it copies (to find it again); nothing else changes. */
    private static String withoutTuid(String text) {
        return text.replaceFirst("(?m)^X-TUID: [^\r\n]*\r\n", "");
    }

    private static String messageId(String text) {
        Matcher m = Pattern.compile("Message-ID: <([^>]+)>").matcher(text);
        assertThat(m.find()).as("Message-ID in " + text).isTrue();
        return m.group(1);
    }

    /** The IMAP side of the comparison: logged in as alice, literals in FETCH responses read inline. */
    private static final class Imap implements AutoCloseable {
        record Fetched(String body, TreeSet<String> flags) {}

        private static final Pattern FLAGS = Pattern.compile("FLAGS \\(([^)]*)\\)");
        private final TestClient client;
        Imap(int port) throws IOException {
            client = TestClient.connect(new InetSocketAddress("127.0.0.1", port), Duration.ofSeconds(30));
            client.greeting();
            command("LOGIN alice secret");
        }

        /** Sends one command, returns its response lines (literals inline), requires a tagged OK. */
        java.util.List<String> command(String command) throws IOException {
            return client.ok(command);
        }

        java.util.List<Fetched> fetchAll() throws IOException {
            var out = new java.util.ArrayList<Fetched>();
            for (String r : command("UID FETCH 1:* (FLAGS BODY.PEEK[])")) {
                if (!r.contains(" FETCH ")) continue;
                Matcher f = FLAGS.matcher(r);
                assertThat(f.find()).isTrue();
                TreeSet<String> flags = new TreeSet<>();
                for (String s : f.group(1).split(" ")) if (!s.isEmpty() && !s.equals("\\Recent")) flags.add(s);
                int open = r.indexOf("BODY[] {");
                int close = r.indexOf("}\r\n", open);
                int n = Integer.parseInt(r.substring(open + 8, close));
                out.add(new Fetched(r.substring(close + 3, close + 3 + n), flags));
            }
            return out;
        }

        @Override public void close() {
            client.close();
        }
    }
}
