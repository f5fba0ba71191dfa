package satchel.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.Await;
import satchel.TestClient;
import satchel.embedded.Satchel;
import satchel.store.MailboxInfo;
import satchel.store.UserMail;
import satchel.store.sqlite.SqliteMailStore;

/**
 * Graceful shutdown while clients append: every APPEND the server acknowledged (APPENDUID) is in the store
 * after it closed and is reopened, with the bytes the client sent.
 */
class ShutdownUnderLoadTest {
    private static final Pattern APPENDUID = Pattern.compile("^(a\\d+) OK \\[APPENDUID (\\d+) (\\d+)]");
    private static final int APPENDERS = 4;
    private static final String PASSWORD = "s3cretPW";

    @TempDir Path dir;

    @Test void noAcknowledgedAppendIsLost() throws Exception {
        Satchel server = Satchel.builder().dataDirectory(dir).imap(0).user("alice", PASSWORD).user("bob", PASSWORD)
                .config("timeouts.shutdown", "10s").start();
        var address = new InetSocketAddress(server.host(), server.imapPort());
        Map<Long, String> acknowledged = new ConcurrentHashMap<>(); // uid -> marker in the body
        AtomicInteger byes = new AtomicInteger();
        List<Thread> appenders = new java.util.ArrayList<>();
        for (int i = 0; i < APPENDERS; i++) {
            int n = i;
            appenders.add(Thread.ofVirtual().start(() -> append(address, n, acknowledged, byes)));
        }
        Await.until(Duration.ofSeconds(60), () -> acknowledged.size() >= 40);
        server.close(); // what the SIGTERM hook does
        for (Thread t : appenders) t.join(Duration.ofSeconds(30));
        assertThat(byes.get()).isEqualTo(APPENDERS); // every session was told
        try (SqliteMailStore store = SqliteMailStore.open(dir)) {
            UserMail mail = store.mail(store.user("alice").orElseThrow());
            MailboxInfo inbox = mail.find("INBOX").orElseThrow();
            for (var e : acknowledged.entrySet()) {
                String body = new String(mail.content(inbox.id(), e.getKey()), StandardCharsets.US_ASCII);
                assertThat(body).as("uid %d", e.getKey()).contains(e.getValue());
            }
            assertThat(store.check(false, (p, d, t) -> {}).problems()).isEmpty();
        }
    }

    private static void append(InetSocketAddress server, int n, Map<Long, String> acknowledged, AtomicInteger byes) {
        try (TestClient c = TestClient.connect(server, Duration.ofSeconds(30))) {
            c.greeting();
            c.command("LOGIN alice " + PASSWORD);
            for (int i = 0; ; i++) {
                String marker = "appender-" + n + "-message-" + i;
                String msg = "Subject: " + marker + "\r\n\r\n" + "x".repeat(2000) + "\r\n";
                String tag = c.nextTag();
                c.write(tag + " APPEND INBOX {" + msg.length() + "+}\r\n" + msg + "\r\n");
                List<String> lines = c.untilOrClosed(tag + " ");
                if (lines.stream().anyMatch(l -> l.startsWith("* BYE"))) byes.incrementAndGet();
                String last = lines.isEmpty() ? "" : lines.getLast();
                Matcher m = APPENDUID.matcher(last);
                if (m.find()) acknowledged.put(Long.parseLong(m.group(3)), marker);
                if (!last.startsWith(tag + " ")) return; // BYE and closed: the answer never came
            }
        } catch (IOException e) {
            // the server cut the connection: whatever was not acknowledged does not count
        }
    }
}
