package satchel.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.TestClient;
import satchel.auth.Passwords;
import satchel.config.ByteLimits;
import satchel.config.ServerConfig;

/**
 * Issue 10: FETCH of a large message must not copy it several times on the way out, and many sessions fetching
 * large messages at once must not multiply the heap without bound: bodies of large messages are held under the
 * server-wide message budget until their response is written.
 */
class LargeFetchTest {
    @TempDir Path dir;
    private ImapServer server;

    private void start(ByteLimits limits) throws Exception {
        server = ImapServer.start(ServerConfig.defaults(dir).withImap("127.0.0.1:0").withImaps(null).withLimits(limits));
        server.store().createUser("alice", Passwords.hash("secret"), null);
    }

    @AfterEach void stop() {
        if (server != null) server.close();
    }

    private void append(byte[] m) throws IOException {
        try (TestClient c = TestClient.login(server.imapAddress(), "alice", "secret")) {
            c.announce("a", "APPEND INBOX", m.length);
            c.write(m);
            c.send("");
            assertThat(c.until("a ").getLast()).startsWith("a OK");
        }
    }

    /** Bytes allocated by every thread of this JVM so far (carrier threads included, so virtual threads count). */
    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getTotalThreadAllocatedBytes();
    }

    @Test void fetchingALargeBodyAllocatesAboutOneCopyOfIt() throws Exception {
        start(ByteLimits.defaults());
        int size = 16 << 20;
        byte[] m = AppendSpoolTest.message("large", size);
        append(m);
        try (TestClient c = TestClient.login(server.imapAddress(), "alice", "secret")) {
            assertThat(c.command("s", "SELECT INBOX").getLast()).startsWith("s OK");
            assertThat(c.fetchBody("w", 1)).isEqualTo(m); // identical bytes; also warms up
            long least = Long.MAX_VALUE;
            for (int i = 0; i < 3; i++) {
                long before = allocated();
                assertThat(c.fetchBodySize("f" + i, 1)).isEqualTo(size);
                least = Math.min(least, allocated() - before);
            }
            // One array read from the store, plus small change; before the fix the response was copied four
            // more times on its way to the socket (about 6 x the size in all).
            assertThat(least).isBetween((long) size, 2L * size);
        }
    }

    @Test void concurrentLargeFetchesWaitForTheBudget() throws Exception {
        start(ByteLimits.defaults().withMessageMemoryBytes(1 << 20)); // room for one of these at a time
        byte[] m = AppendSpoolTest.message("shared", 700 << 10);
        append(m);
        int sessions = 4;
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try (TestClient c = TestClient.login(server.imapAddress(), "alice", "secret")) {
                    c.command("s", "EXAMINE INBOX");
                    for (int k = 0; k < 3; k++) {
                        if (!java.util.Arrays.equals(c.fetchBody("f" + k, 1), m)) failures.add("bytes differ");
                    }
                } catch (IOException e) {
                    failures.add(e.toString());
                }
            }));
        }
        for (Thread t : threads) t.join(60_000);
        assertThat(failures).isEmpty();
        var memory = server.sessionConfig().messageMemory();
        assertThat(memory.peak()).isGreaterThanOrEqualTo(m.length).isLessThanOrEqualTo(memory.capacity());
        assertThat(memory.inUse()).isZero();
    }

    @Test void searchReadsALargeBodyOnlyUnderTheBudget() throws Exception {
        start(ByteLimits.defaults().withMessageMemoryBytes(1 << 20));
        StringBuilder m = new StringBuilder("Subject: big header\r\n");
        for (int i = 0; m.length() < 60_000; i++) m.append("X-Filler-").append(i).append(": ").append("f".repeat(40)).append("\r\n");
        // Too large for what SEARCH keeps of the header, so SEARCH HEADER looks in the stored message.
        m.append("X-Needle: ");
        for (int i = 0; i < 30; i++) m.append("b".repeat(900)).append("\r\n ");
        m.append("findme\r\n\r\n");
        while (m.length() < 400_000) m.append("body line\r\n");
        append(m.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        var memory = server.sessionConfig().messageMemory();
        try (TestClient c = TestClient.login(server.imapAddress(), "alice", "secret")) {
            assertThat(c.command("s", "SELECT INBOX").getLast()).startsWith("s OK");
            var answer = new java.util.concurrent.CompletableFuture<String>();
            try (var all = memory.acquire(memory.capacity())) { // the whole budget is taken: SEARCH must wait
                c.send("t SEARCH HEADER X-Needle findme");
                Thread.ofVirtual().start(() -> {
                    try {
                        answer.complete(c.readLine());
                    } catch (IOException e) {
                        answer.completeExceptionally(e);
                    }
                });
                for (int i = 0; i < 200 && memory.waiting() == 0; i++) Thread.sleep(50);
                assertThat(memory.waiting()).as("SEARCH waits for the budget").isEqualTo(1);
                assertThat(answer).isNotDone();
            }
            assertThat(answer.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("* SEARCH 1");
            assertThat(c.until("t ").getLast()).startsWith("t OK");
        }
        assertThat(memory.inUse()).isZero();
    }
}
