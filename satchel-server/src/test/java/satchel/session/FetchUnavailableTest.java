package satchel.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.auth.Passwords;
import satchel.config.ServerConfig;
import satchel.server.ImapServer;
import satchel.store.MailStore;
import satchel.store.NewMessage;
import satchel.store.StoreException;
import satchel.store.UserMail;
import satchel.store.memory.MemoryMailStore;

/**
 * A FETCH whose message bytes cannot be read because the store is unreachable (a PostgreSQL restart under imaptest's
 * stress run) is {@code NO [UNAVAILABLE]} (RFC 5530 §3), so the client retries; it used to be
 * {@code NO [EXPUNGEISSUED]}, telling the client a message that is still there had been expunged.
 */
class FetchUnavailableTest {
    @TempDir Path dir;

    @Test void unreadableBytesAreUnavailableNotExpunged() throws Exception {
        MailStore real = new MemoryMailStore(satchel.store.MailboxLimits.DEFAULT);
        AtomicBoolean down = new AtomicBoolean();
        var config = ServerConfig.defaults(dir).withStore("memory").withImap("127.0.0.1:0").withImaps(null);
        try (ImapServer server = ImapServer.start(config, outage(real, down))) {
            var user = real.createUser("alice", Passwords.hash("secret"), null);
            UserMail mail = real.mail(user);
            mail.append(mail.find("INBOX").orElseThrow().id(), List.of(new NewMessage(
                    "Subject: kept\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII), Set.of(),
                    Instant.parse("2026-12-06T10:00:00Z"))));
            try (Socket s = new Socket(server.imapAddress().getAddress(), server.imapAddress().getPort())) {
                s.setSoTimeout(30_000);
                var in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                OutputStream out = s.getOutputStream();
                in.readLine();
                assertThat(command(in, out, "a LOGIN alice secret")).startsWith("a OK");
                assertThat(command(in, out, "b SELECT INBOX")).startsWith("b OK");
                down.set(true);
                assertThat(command(in, out, "c FETCH 1 BODY.PEEK[]")).startsWith("c NO [UNAVAILABLE]");
                down.set(false);
                assertThat(command(in, out, "d FETCH 1 BODY.PEEK[]")).startsWith("d OK");
            }
        }
    }

    @Test void aSearchThatMustReadUnreadableBytesIsUnavailableNotEmpty() throws Exception {
        MailStore real = new MemoryMailStore(satchel.store.MailboxLimits.DEFAULT);
        AtomicBoolean down = new AtomicBoolean();
        var config = ServerConfig.defaults(dir).withStore("memory").withImap("127.0.0.1:0").withImaps(null);
        try (ImapServer server = ImapServer.start(config, outage(real, down))) {
            var user = real.createUser("alice", Passwords.hash("secret"), null);
            UserMail mail = real.mail(user);
            // Over the 64 KiB of header fields kept for SEARCH: a HEADER key is answered from the bytes themselves.
            String big = "X-Filler: " + "a".repeat(70 * 1024) + "\r\n";
            mail.append(mail.find("INBOX").orElseThrow().id(), List.of(new NewMessage(
                    (big + "X-Needle: findme\r\nSubject: kept\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII),
                    Set.of(), Instant.parse("2026-12-06T10:00:00Z"))));
            try (Socket s = new Socket(server.imapAddress().getAddress(), server.imapAddress().getPort())) {
                s.setSoTimeout(30_000);
                var in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                OutputStream out = s.getOutputStream();
                in.readLine();
                assertThat(command(in, out, "a LOGIN alice secret")).startsWith("a OK");
                assertThat(command(in, out, "b SELECT INBOX")).startsWith("b OK");
                assertThat(lines(in, out, "c UID SEARCH HEADER X-Needle findme")).contains("* SEARCH 1");
                down.set(true);
                assertThat(command(in, out, "d UID SEARCH HEADER X-Needle findme")).startsWith("d NO [UNAVAILABLE]");
                down.set(false);
                assertThat(lines(in, out, "e UID SEARCH HEADER X-Needle findme")).contains("* SEARCH 1");
            }
        }
    }

    /** Every line answering {@code line}, the tagged one last. */
    private static List<String> lines(BufferedReader in, OutputStream out, String line) throws Exception {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String tag = line.substring(0, line.indexOf(' ') + 1);
        List<String> all = new java.util.ArrayList<>();
        for (String reply; (reply = in.readLine()) != null; ) {
            all.add(reply);
            if (reply.startsWith(tag)) return all;
        }
        throw new AssertionError("no reply to " + line);
    }

    /** The tagged reply to {@code line}. */
    private static String command(BufferedReader in, OutputStream out, String line) throws Exception {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String tag = line.substring(0, line.indexOf(' ') + 1);
        for (String reply; (reply = in.readLine()) != null; ) {
            if (reply.startsWith(tag)) return reply;
        }
        throw new AssertionError("no reply to " + line);
    }

    /** The store with message bytes unreadable while {@code down} is set, as during a database outage. */
    private static MailStore outage(MailStore real, AtomicBoolean down) {
        return proxy(MailStore.class, real, (method, args) -> {
            Object result = invoke(method, real, args);
            if (!method.getName().equals("mail")) return result;
            UserMail mail = (UserMail) result;
            return proxy(UserMail.class, mail, (m, a) -> {
                if (down.get() && m.getName().equals("content")) {
                    throw new StoreException(StoreException.Kind.UNAVAILABLE, "Mail storage is unreachable");
                }
                return invoke(m, mail, a);
            });
        });
    }

    private interface Call {
        Object apply(Method method, Object[] args) throws Throwable;
    }

    private static <T> T proxy(Class<T> type, T real, Call call) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (p, method, args) -> call.apply(method, args)));
    }

    private static Object invoke(Method m, Object target, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
