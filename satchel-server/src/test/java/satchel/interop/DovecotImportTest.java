package satchel.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import satchel.TestClient;
import satchel.auth.Passwords;
import satchel.embedded.Satchel;
import satchel.store.StoreMaintenance.Progress;
import satchel.store.sqlite.SqliteMailStore;
import satchel.transfer.MailImport;
import satchel.transfer.MailTree;

/**
 * Against the real thing: a Dovecot ({@code shared/peers/dovecot.sh}) gets mail over IMAP (APPEND with flags,
 * keywords and dates, then expunges that leave gaps in the UIDs) and is stopped; its Maildir is imported; then
 * Satchel, over IMAP, must show each mailbox with Dovecot's UIDVALIDITY, the same UIDs, flags, internal dates and
 * sizes, a UIDNEXT no lower than Dovecot's, and answer a QRESYNC SELECT made with what a client knew from Dovecot
 * (its UIDVALIDITY, HIGHESTMODSEQ and UIDs) with VANISHED for the expunged UIDs and every message's flags. Skipped when
 * Dovecot or the script is missing; the checked-in Maildir ({@code MaildirImportTest}) always runs.
 */
class DovecotImportTest {
    private static final List<String> FOLDERS = List.of("INBOX", "Work", "Work/Reports", "Archive");
    private Path peer;
    private Path script;
    private long dovecotModSeq;

    @AfterEach void stop() throws Exception {
        if (script != null) run(script, "stop", "0");
        if (peer != null) {
            try (Stream<Path> all = Files.walk(peer)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test void satchelShowsWhatDovecotShowed() throws Exception {
        script = findScript();
        assumeTrue(script != null && dovecotInstalled(),
                "Dovecot not installed (apt-get install dovecot-imapd) or shared/peers/dovecot.sh not found");
        // Dovecot's unprivileged processes must reach the directory: not under a 0700 JUnit temp dir.
        peer = Files.createTempDirectory("satchel-dovecot-import", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        int port = freePort();
        run(script, "start", String.valueOf(port));
        Map<String, Mailbox> dovecot;
        try (TestClient c = connect(port)) {
            c.ok("LOGIN testuser pass");
            fill(c);
            dovecot = observe(c);
            String st = c.ok("STATUS INBOX (HIGHESTMODSEQ)").getFirst();
            dovecotModSeq = Long.parseLong(st.replaceAll(".*HIGHESTMODSEQ (\\d+).*", "$1"));
        }
        run(script, "stop", String.valueOf(port));
        script = null;

        Path data = peer.resolve("satchel");
        try (var store = SqliteMailStore.open(data)) {
            var user = store.createUser("testuser", Passwords.hash("pass"), null);
            List<String> reports = new ArrayList<>();
            var summary = new MailImport(store, user, Progress.NONE, reports::add)
                    .run(MailTree.folders(peer.resolve("dovecot/mail/testuser"), MailTree.Layout.AUTO, null));
            assertThat(reports).isEmpty();
            assertThat(summary.uidsKept()).isEqualTo(FOLDERS.size());
        }
        try (Satchel server = Satchel.builder().dataDirectory(data).imap(0).start();
             TestClient c = connect(server.imapPort())) {
            c.ok("LOGIN testuser pass");
            Map<String, Mailbox> satchel = observe(c);
            for (String name : FOLDERS) {
                Mailbox d = dovecot.get(name), s = satchel.get(name);
                assertThat(s.uidValidity()).as(name).isEqualTo(d.uidValidity());
                assertThat(s.uidNext()).as(name).isGreaterThanOrEqualTo(d.uidNext());
                assertThat(s.messages()).as(name).isEqualTo(d.messages());
            }
            c.ok("UNSELECT");
            c.ok("ENABLE QRESYNC");
            // A client that synced with Dovecot before the expunges reconnects with what it knew then: all UIDs up
            // to Dovecot's last, Dovecot's modseq. It must hear which vanished, and get every flag once.
            Mailbox inbox = dovecot.get("INBOX");
            List<String> select = c.ok("SELECT INBOX (QRESYNC (" + inbox.uidValidity() + " " + dovecotModSeq + " 1:"
                    + (inbox.uidNext() - 1) + "))");
            assertThat(select).contains("* OK [UIDVALIDITY " + inbox.uidValidity() + "] UIDs valid");
            TreeSet<Long> vanished = new TreeSet<>();
            for (long u = 1; u < inbox.uidNext(); u++) if (!inbox.messages().containsKey(u)) vanished.add(u);
            assertThat(vanished).isNotEmpty();
            assertThat(select).filteredOn(l -> l.startsWith("* VANISHED")).singleElement()
                    .isEqualTo("* VANISHED (EARLIER) " + ranges(vanished));
            assertThat(select.stream().filter(l -> l.contains(" FETCH ")).map(l -> number(UID, l)).toList())
                    .containsExactlyElementsOf(inbox.messages().keySet());
        }
    }

    /** Mail in four folders, flags and keywords on the way in, then expunges: UID gaps. */
    private static void fill(TestClient c) throws IOException {
        c.ok("CREATE Work");
        c.ok("CREATE Work/Reports");
        c.ok("CREATE Archive");
        String[] flags = {"(\\Seen)", "(\\Seen \\Flagged $Label1)", "()", "(\\Answered \\Seen project-x)", "(\\Draft)",
                "(\\Seen $Forwarded)", "(\\Deleted \\Seen)", "(project-x $Label1)"};
        int n = 0;
        for (String folder : FOLDERS) {
            for (int i = 0; i < 6; i++, n++) {
                String m = "From: Alice <alice@example.org>\r\nSubject: " + folder + " " + i + "\r\nMessage-ID: <"
                        + n + "@example.org>\r\n\r\nBody " + n + "\r\nFrom a line start\r\n";
                c.ok("APPEND " + folder + " " + flags[n % flags.length] + " \"0" + (1 + i) + "-Dec-2025 10:0" + i
                        + ":00 +0100\" {" + m.getBytes(StandardCharsets.UTF_8).length + "+}\r\n" + m);
            }
        }
        c.ok("SELECT INBOX");
        c.ok("UID STORE 3,5 +FLAGS.SILENT (\\Deleted)");
        c.ok("EXPUNGE");
        c.ok("SELECT Work");
        c.ok("EXPUNGE"); // the message appended \Deleted
        c.ok("CLOSE");
    }

    record Mailbox(long uidValidity, long uidNext, Map<Long, String> messages) {}

    private static final Pattern STATUS = Pattern.compile("UIDNEXT (\\d+) UIDVALIDITY (\\d+)|UIDVALIDITY (\\d+) UIDNEXT (\\d+)");
    private static final Pattern UID = Pattern.compile("UID (\\d+)");
    private static final Pattern FLAGS = Pattern.compile("FLAGS \\(([^)]*)\\)");
    private static final Pattern DATE = Pattern.compile("INTERNALDATE \"([^\"]+)\"");
    private static final Pattern SIZE = Pattern.compile("RFC822.SIZE (\\d+)");

    /** Per folder: UIDVALIDITY, UIDNEXT, and UID -> "flags | date | size", independent of item order. */
    private static Map<String, Mailbox> observe(TestClient c) throws IOException {
        Map<String, Mailbox> out = new TreeMap<>();
        for (String folder : FOLDERS) {
            String status = c.ok("STATUS " + folder + " (UIDVALIDITY UIDNEXT)").getFirst();
            Matcher m = STATUS.matcher(status);
            assertThat(m.find()).as(status).isTrue();
            long next = Long.parseLong(m.group(1) != null ? m.group(1) : m.group(4));
            long validity = Long.parseLong(m.group(2) != null ? m.group(2) : m.group(3));
            c.ok("EXAMINE " + folder);
            Map<Long, String> msgs = new TreeMap<>();
            for (String line : c.ok("UID FETCH 1:* (FLAGS INTERNALDATE RFC822.SIZE)")) {
                if (!line.startsWith("* ")) continue;
                Set<String> flags = new TreeSet<>();
                Matcher f = FLAGS.matcher(line);
                if (f.find()) for (String x : f.group(1).split(" ")) if (!x.isEmpty() && !x.equals("\\Recent")) flags.add(x);
                msgs.put(number(UID, line), flags + " | " + group(DATE, line) + " | " + number(SIZE, line));
            }
            out.put(folder, new Mailbox(validity, next, msgs));
        }
        return out;
    }

    /** UIDs in IMAP's compressed form, as a server writes VANISHED: 3,5:7. */
    private static String ranges(TreeSet<Long> uids) {
        StringBuilder sb = new StringBuilder();
        Long start = null, prev = null;
        for (long u : uids) {
            if (prev != null && u == prev + 1) {
                prev = u;
                continue;
            }
            if (start != null) sb.append(sb.isEmpty() ? "" : ",").append(start.equals(prev) ? "" + start : start + ":" + prev);
            start = prev = u;
        }
        sb.append(sb.isEmpty() ? "" : ",").append(start.equals(prev) ? "" + start : start + ":" + prev);
        return sb.toString();
    }

    private static long number(Pattern p, String line) {
        return Long.parseLong(group(p, line));
    }

    private static String group(Pattern p, String line) {
        Matcher m = p.matcher(line);
        assertThat(m.find()).as(line).isTrue();
        return m.group(1);
    }

    private void run(Path script, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", script.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(peer.resolve("script.log").toFile());
        pb.environment().put("PEER_DIR", peer.resolve("dovecot").toString());
        Process p = pb.start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(peer.resolve("script.log"))).isZero();
        if (args[0].equals("stop")) awaitStopped();
    }

    /** doveadm stop returns before the last process has gone and written its files. */
    private void awaitStopped() throws Exception {
        Path pid = peer.resolve("dovecot/run/master.pid");
        for (int i = 0; i < 100 && Files.exists(pid); i++) Thread.sleep(100);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Without it the script would try to install it; the test skips instead. Debian puts it in sbin. */
    private static boolean dovecotInstalled() {
        try {
            ProcessBuilder pb = new ProcessBuilder("dovecot", "--version").redirectErrorStream(true);
            pb.environment().merge("PATH", ":/usr/sbin:/usr/local/sbin", String::concat);
            return pb.start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static Path findScript() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path s = p.resolve("shared/peers/dovecot.sh");
            if (Files.isRegularFile(s)) return s;
        }
        return null;
    }

    /** Past the greeting; {@link TestClient#ok} runs each command. Literals go non-synchronising (LITERAL+). */
    private static TestClient connect(int port) throws IOException {
        TestClient c = TestClient.connect("127.0.0.1", port);
        c.greeting();
        return c;
    }
}
