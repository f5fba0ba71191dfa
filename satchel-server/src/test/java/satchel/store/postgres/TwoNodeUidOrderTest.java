package satchel.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.TestClient;
import satchel.auth.Passwords;
import satchel.config.ServerConfig;
import satchel.config.StoreChoice;
import satchel.server.ImapServer;
import satchel.store.NewMessage;
import satchel.store.UserMail;

/**
 * Two nodes on one database, through IMAP: APPEND, COPY and MOVE into one mailbox from sessions on both nodes at
 * once, while a session on each node keeps asking for every UID after NOOP. Nothing leaves INBOX, so each answer
 * must be exactly 1..n: a session that saw UID n+1 before UID n would show a gap (RFC 3501 §2.3.1.1: UIDs ascend in
 * the order they are assigned, and a client may rely on having seen every lower one).
 */
class TwoNodeUidOrderTest {
    private static final int ROUNDS = 8;

    @TempDir Path dir;
    private ImapServer a;
    private ImapServer b;

    @BeforeEach void start() throws Exception {
        var store = new StoreChoice.Postgresql(PostgresTestServer.url(dir), "postgres", null);
        a = ImapServer.start(ServerConfig.defaults(dir.resolve("a")).withImap("127.0.0.1:0").withImaps(null)
                .withStore(store));
        b = ImapServer.start(ServerConfig.defaults(dir.resolve("b")).withImap("127.0.0.1:0").withImaps(null)
                .withStore(store));
        var user = a.store().createUser("alice", Passwords.hash("secret"), null);
        UserMail mail = a.store().mail(user);
        for (String box : List.of("CopyA", "CopyB", "MoveA", "MoveB")) {
            var id = mail.create(box, Set.of()).id();
            List<NewMessage> batch = new ArrayList<>();
            for (int i = 0; i < ROUNDS * 2; i++) {
                batch.add(new NewMessage((("Subject: " + box + " " + i + "\r\n\r\nx\r\n")).getBytes(
                        StandardCharsets.UTF_8), Set.of(), Instant.parse("2026-12-06T10:00:00Z")));
            }
            mail.append(id, batch);
        }
    }

    @AfterEach void stop() {
        if (a != null) a.close();
        if (b != null) b.close();
    }

    private static TestClient login(ImapServer node, String select) throws Exception {
        TestClient c = TestClient.connect(node.imapAddress());
        c.until("* OK");
        assertThat(c.command("l", "LOGIN alice secret").getLast()).startsWith("l OK");
        assertThat(c.command("s", "SELECT " + select).getLast()).startsWith("s OK");
        return c;
    }

    @Test void uidsAppearInOrderOnBothNodes() throws Exception {
        AtomicBoolean done = new AtomicBoolean();
        List<String> gaps = java.util.Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Callable<Void>> writers = new ArrayList<>();
            for (ImapServer node : List.of(a, b)) {
                String side = node == a ? "A" : "B";
                writers.add(() -> {
                    try (TestClient c = login(node, "INBOX")) {
                        for (int i = 0; i < ROUNDS * 2; i++) {
                            c.appendUid("w" + i, "INBOX", message("append " + side + i));
                        }
                    }
                    return null;
                });
                writers.add(() -> {
                    try (TestClient c = login(node, "Copy" + side)) {
                        for (int i = 0; i < ROUNDS; i++) {
                            String last = c.command("c" + i, "UID COPY " + (2 * i + 1) + ":" + (2 * i + 2) + " INBOX")
                                    .getLast();
                            assertThat(last).startsWith("c" + i + " OK");
                        }
                    }
                    return null;
                });
                writers.add(() -> {
                    try (TestClient c = login(node, "Move" + side)) {
                        for (int i = 0; i < ROUNDS; i++) {
                            String last = c.command("m" + i, "UID MOVE " + (2 * i + 1) + ":" + (2 * i + 2) + " INBOX")
                                    .getLast();
                            assertThat(last).startsWith("m" + i + " OK");
                        }
                    }
                    return null;
                });
            }
            List<Future<?>> observers = new ArrayList<>();
            for (ImapServer node : List.of(a, b)) {
                observers.add(pool.submit(() -> {
                    try (TestClient c = login(node, "INBOX")) {
                        int n = 0;
                        while (!done.get()) {
                            c.command("n" + n, "NOOP");
                            List<Long> uids = new ArrayList<>();
                            for (String l : c.command("f" + n, "FETCH 1:* (UID)")) {
                                int at = l.indexOf("(UID ");
                                if (l.startsWith("* ") && at > 0) {
                                    uids.add(Long.parseLong(l.substring(at + 5, l.indexOf(')', at))));
                                }
                            }
                            for (int i = 0; i < uids.size(); i++) {
                                if (uids.get(i) != i + 1) {
                                    gaps.add("seq " + (i + 1) + " has UID " + uids.get(i) + " in " + uids);
                                    break;
                                }
                            }
                            n++;
                        }
                    }
                    return null;
                }));
            }
            for (Future<Void> f : pool.invokeAll(writers, 3, TimeUnit.MINUTES)) f.get();
            done.set(true);
            for (Future<?> f : observers) f.get(1, TimeUnit.MINUTES);
        }
        assertThat(gaps).isEmpty();
        int total = 2 * (ROUNDS * 2) + 2 * (ROUNDS * 2) + 2 * (ROUNDS * 2);
        try (TestClient c = login(b, "INBOX")) {
            assertThat(c.command("t", "STATUS INBOX (MESSAGES UIDNEXT)")).anyMatch(l -> l.contains("(MESSAGES " + total
                    + " UIDNEXT " + (total + 1) + ")"));
        }
    }

    /** A small message whose subject and body are {@code text}. */
    private static byte[] message(String text) {
        return ("Subject: " + text + "\r\n\r\n" + text + "\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
