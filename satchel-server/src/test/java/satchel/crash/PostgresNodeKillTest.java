package satchel.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.TestClient;
import satchel.auth.Passwords;
import satchel.config.ServerConfig;
import satchel.config.StoreChoice;
import satchel.server.ImapServer;
import satchel.store.MailboxId;
import satchel.store.User;
import satchel.store.UserMail;
import satchel.store.postgres.PostgresTestServer;

/**
 * Two nodes on one PostgreSQL; node A is a separate JVM killed with SIGKILL while clients APPEND to both nodes.
 * Every APPEND node A answered OK is in the database afterwards, and node B, in this JVM, keeps serving throughout:
 * its clients' APPENDs all succeed, before, during and after the kill.
 */
class PostgresNodeKillTest {
    @TempDir Path dir;

    @Test void killingOneNodeLosesNothingAcknowledgedAndTheOtherKeepsServing() throws Exception {
        String url = PostgresTestServer.url(dir.resolve("db"));
        Path conf = Files.writeString(dir.resolve("node.conf"), "store = postgresql\nstore.url = " + url
                + "\nstore.user = postgres\n");
        var choice = new StoreChoice.Postgresql(url, "postgres", null);
        try (ImapServer nodeB = ImapServer.start(ServerConfig.defaults(dir.resolve("b")).withImap("127.0.0.1:0")
                .withImaps(null).withStore(choice))) {
            User alice = nodeB.store().createUser("alice", Passwords.hash("secret"), null);
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Path dataA = Files.createDirectories(dir.resolve("a"));
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            List<String> failuresOnB = java.util.Collections.synchronizedList(new ArrayList<>());
            try (ServerProcess nodeA = new ServerProcess(dataA, port, List.of("--config", conf.toString()));
                 ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                nodeA.start();
                List<Future<?>> onA = new ArrayList<>();
                for (int w = 0; w < 4; w++) {
                    int writer = w;
                    onA.add(pool.submit(() -> appendUntilGone(new InetSocketAddress("127.0.0.1", port),
                            "a" + writer, acknowledged)));
                }
                Future<?> onB = pool.submit(() -> {
                    try (TestClient c = TestClient.login(nodeB.imapAddress(), "alice", "secret")) {
                        for (int i = 0; i < 60; i++) {
                            String last = c.append(c.nextTag(), "INBOX", message("b-" + i)).getLast();
                            if (!last.contains(" OK ")) failuresOnB.add(last);
                            Thread.sleep(20);
                        }
                    }
                    return null;
                });
                // Load running on both nodes: kill once node A has acknowledged some APPENDs (logins take a while
                // on a busy machine), in the middle of more.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (acknowledged.size() < 20 && System.nanoTime() < deadline) Thread.sleep(20);
                nodeA.kill();
                for (Future<?> f : onA) f.get(1, TimeUnit.MINUTES);
                onB.get(2, TimeUnit.MINUTES);
            }
            assertThat(acknowledged).as("APPENDs acknowledged by node A before the kill").isNotEmpty();
            assertThat(failuresOnB).isEmpty();
            UserMail mail = nodeB.store().mail(alice);
            MailboxId inbox = mail.find("INBOX").orElseThrow().id();
            Set<String> stored = ConcurrentHashMap.newKeySet();
            for (var m : mail.snapshot(inbox).messages()) {
                String text = new String(mail.content(inbox, m.uid()), StandardCharsets.UTF_8);
                stored.add(text.substring("Subject: ".length(), text.indexOf("\r\n")));
            }
            assertThat(stored).containsAll(acknowledged);
            for (int i = 0; i < 60; i++) assertThat(stored).contains("b-" + i);
        }
    }

    /** APPENDs until the node goes away; records each subject answered OK. */
    private static Void appendUntilGone(InetSocketAddress node, String prefix, Set<String> acknowledged) {
        try (TestClient c = TestClient.login(node, "alice", "secret")) {
            for (int i = 0; ; i++) {
                String subject = prefix + "-" + i;
                if (c.append(c.nextTag(), "INBOX", message(subject)).getLast().contains(" OK ")) acknowledged.add(subject);
            }
        } catch (IOException gone) {
            return null; // the kill: whatever was not answered may or may not be stored
        }
    }

    private static byte[] message(String subject) {
        return ("Subject: " + subject + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.UTF_8);
    }
}
