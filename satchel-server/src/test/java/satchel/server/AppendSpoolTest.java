package satchel.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import satchel.TestClient;
import satchel.auth.Passwords;
import satchel.config.ByteLimits;
import satchel.config.ServerConfig;

/**
 * Issue 10: half-sent APPEND literals must not hold their size in the heap. Beyond 256 KiB per command a
 * message goes to a spool file (0600) while it arrives; the file goes when the command ends or is cut off, and
 * files left by a process that died are removed at start-up. The store gets whole messages only under the
 * server-wide message budget.
 */
class AppendSpoolTest {
    private static final int SIZE = 4 << 20;

    private Path dir;
    private ImapServer server;

    private void start(ServerConfig config) throws Exception {
        server = ImapServer.start(config);
        for (String u : List.of("hog", "bob")) server.store().createUser(u, Passwords.hash("secret"), null);
    }

    private ServerConfig config() throws IOException {
        dir = Files.createTempDirectory("satchel-spool");
        return ServerConfig.defaults(dir).withImap("127.0.0.1:0").withImaps(null);
    }

    @AfterEach void stop() throws IOException {
        if (server != null) server.close();
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** A message whose every line says where it is, so a shifted or lost byte shows. */
    static byte[] message(String subject, int size) {
        StringBuilder b = new StringBuilder("From: hog@example.com\r\nSubject: " + subject + "\r\n\r\n");
        for (int line = 0; b.length() < size; line++) b.append(String.format("line %08d of %s\r\n", line, subject));
        return b.substring(0, size).getBytes(StandardCharsets.US_ASCII);
    }

    private List<Path> spoolFiles() throws IOException {
        Path spool = server.sessionConfig().spool().directory().orElseThrow();
        try (Stream<Path> files = Files.list(spool)) {
            return files.toList();
        }
    }

    /** Polls (bounded) until {@code count} spool files exist, each at least {@code bytes} long. */
    private List<Path> awaitSpool(int count, long bytes) throws Exception {
        for (int i = 0; i < 300; i++) {
            List<Path> files = spoolFiles();
            if (files.size() == count && files.stream().allMatch(f -> f.toFile().length() >= bytes)) return files;
            Thread.sleep(50);
        }
        return spoolFiles();
    }

    @Test void halfSentLiteralsWaitOnDiskAndGoWhenTheClientGivesUp() throws Exception {
        start(config());
        int sessions = 6;
        List<TestClient> hogs = new ArrayList<>();
        try {
            for (int i = 0; i < sessions; i++) {
                TestClient c = TestClient.login(server.imapAddress(), "hog", "secret");
                hogs.add(c);
                c.announce("a", "APPEND INBOX", SIZE);
                byte[] m = message("hog " + i, SIZE);
                c.write(java.util.Arrays.copyOf(m, SIZE / 2));
            }
            // Every half-sent message is on disk, not in the heap, and none holds message memory yet.
            List<Path> files = awaitSpool(sessions, SIZE / 2);
            assertThat(files).hasSize(sessions).allMatch(f -> f.toFile().length() == SIZE / 2);
            for (Path f : files) {
                assertThat(Files.getPosixFilePermissions(f))
                        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
            }
            assertThat(server.sessionConfig().messageMemory().inUse()).isZero();

            // Another user stores and reads a message meanwhile.
            try (TestClient bob = TestClient.login(server.imapAddress(), "bob", "secret")) {
                byte[] m = message("bob", SIZE);
                bob.announce("b", "APPEND INBOX", m.length);
                bob.write(m);
                bob.send("");
                assertThat(bob.until("b ").getLast()).startsWith("b OK [APPENDUID");
                assertThat(bob.command("s", "SELECT INBOX").getLast()).startsWith("s OK");
                assertThat(bob.fetchBody("f", 1)).isEqualTo(m);
            }
        } finally {
            for (TestClient c : hogs) c.close();
        }
        // Cut off mid-literal: the files go and nothing was stored.
        assertThat(awaitSpool(0, 0)).isEmpty();
        try (TestClient hog = TestClient.login(server.imapAddress(), "hog", "secret")) {
            assertThat(hog.command("s", "STATUS INBOX (MESSAGES)").getLast()).startsWith("s OK");
            hog.send("t STATUS INBOX (MESSAGES)");
            assertThat(hog.readLine()).isEqualTo("* STATUS INBOX (MESSAGES 0)");
        }
        assertThat(server.sessionConfig().messageMemory().inUse()).isZero();
    }

    @Test void aLargeMultiappendIsStoredWholeAndTheSpoolIsEmptyAfterwards() throws Exception {
        start(config());
        try (TestClient c = TestClient.login(server.imapAddress(), "hog", "secret")) {
            byte[] one = message("one", SIZE);
            byte[] two = message("two", SIZE + 17);
            c.announce("a", "APPEND INBOX", one.length);
            c.write(one);
            c.send(" {" + two.length + "}");
            assertThat(c.readLine()).startsWith("+");
            c.write(two);
            c.send("");
            assertThat(c.until("a ").getLast()).startsWith("a OK [APPENDUID");
            assertThat(spoolFiles()).isEmpty(); // deleted by the handler, not only at the next command
            assertThat(c.command("s", "SELECT INBOX").getLast()).startsWith("s OK");
            assertThat(c.fetchBody("f", 1)).isEqualTo(one);
            assertThat(c.fetchBody("g", 2)).isEqualTo(two);
        }
        assertThat(server.sessionConfig().messageMemory().inUse()).isZero();
        assertThat(server.sessionConfig().messageMemory().peak()).isPositive();
    }

    @Test void theStoreGetsWholeMessagesOnlyWithinTheBudget() throws Exception {
        // Budget for one message at a time: concurrent APPENDs wait their turn rather than fail.
        start(config().withLimits(ByteLimits.defaults().withMessageMemoryBytes(SIZE + (SIZE >> 1))));
        int clients = 4;
        List<Thread> threads = new ArrayList<>();
        List<String> results = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < clients; i++) {
            int n = i;
            threads.add(Thread.ofVirtual().start(() -> {
                try (TestClient c = TestClient.login(server.imapAddress(), "hog", "secret")) {
                    byte[] m = message("concurrent " + n, SIZE);
                    c.announce("a", "APPEND INBOX", m.length);
                    c.write(m);
                    c.send("");
                    results.add(c.until("a ").getLast());
                } catch (IOException e) {
                    results.add(e.toString());
                }
            }));
        }
        for (Thread t : threads) t.join(60_000);
        assertThat(results).hasSize(clients).allMatch(r -> r.startsWith("a OK [APPENDUID"));
        var memory = server.sessionConfig().messageMemory();
        assertThat(memory.peak()).isGreaterThanOrEqualTo(SIZE).isLessThanOrEqualTo(memory.capacity());
        assertThat(memory.inUse()).isZero();
    }

    @Test void spoolDirectoriesOfDeadProcessesAreRemovedAtStartUp() throws Exception {
        ServerConfig config = config();
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path stale = Files.createDirectories(config.spool().resolve(gone.pid() + "-x1"));
        Files.writeString(stale.resolve("append-1.eml"), "left by a crash");
        start(config);
        assertThat(stale).doesNotExist();
        Path own = server.sessionConfig().spool().directory().orElseThrow();
        assertThat(own.getParent()).isEqualTo(config.spool());
        assertThat(own.getFileName().toString()).startsWith(ProcessHandle.current().pid() + "-");
        assertThat(Files.getPosixFilePermissions(server.sessionConfig().spool().directory().orElseThrow()))
                .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                        PosixFilePermission.OWNER_EXECUTE));
    }
}
