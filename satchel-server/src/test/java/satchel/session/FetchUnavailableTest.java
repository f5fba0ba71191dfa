package satchel.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.TestClient;
import satchel.auth.Passwords;
import satchel.config.ServerConfig;
import satchel.server.ImapServer;
import satchel.store.MailStore;
import satchel.store.MessageObjects;
import satchel.store.NewMessage;
import satchel.store.StoreException;
import satchel.store.UserMail;
import satchel.store.memory.MemoryMailStore;

/**
 * A FETCH whose message bytes cannot be read because the store is unreachable (a PostgreSQL restart under imaptest's
 * stress run) is {@code NO [UNAVAILABLE]} (RFC 5530 §3), so the client retries; it used to be
 * {@code NO [EXPUNGEISSUED]}, telling the client a message that is still there had been expunged. SEARCH and
 * PREVIEW, which may read the bytes too, answer the same instead of leaving the message out.
 */
class FetchUnavailableTest {
    @TempDir Path dir;
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicBoolean noPreviews = new AtomicBoolean();

    @Test void unreadableBytesAreUnavailableNotExpunged() throws Exception {
        try (Selected s = selected("Subject: kept\r\n\r\nbody\r\n")) {
            down.set(true);
            assertThat(s.client().last("FETCH 1 BODY.PEEK[]")).matches("a\\d+ NO \\[UNAVAILABLE\\].*");
            down.set(false);
            s.client().ok("FETCH 1 BODY.PEEK[]");
        }
    }

    @Test void aSearchThatMustReadUnreadableBytesIsUnavailableNotEmpty() throws Exception {
        // Over the 64 KiB of header fields kept for SEARCH: a HEADER key is answered from the bytes themselves.
        String big = "X-Filler: " + "a".repeat(70 * 1024) + "\r\n";
        try (Selected s = selected(big + "X-Needle: findme\r\nSubject: kept\r\n\r\nbody\r\n")) {
            TestClient c = s.client();
            assertThat(c.ok("UID SEARCH HEADER X-Needle findme")).contains("* SEARCH 1");
            down.set(true);
            assertThat(c.last("UID SEARCH HEADER X-Needle findme")).matches("a\\d+ NO \\[UNAVAILABLE\\].*");
            down.set(false);
            assertThat(c.ok("UID SEARCH HEADER X-Needle findme")).contains("* SEARCH 1");
        }
    }

    @Test void aPreviewThatMustReadUnreadableBytesIsUnavailableNotNil() throws Exception {
        // Mail stored before previews were kept has none: PREVIEW (not LAZY) computes it from the bytes, and
        // RFC 8970 §3.2 allows NIL only for LAZY, so an unreadable body fails the FETCH instead.
        try (Selected s = selected("Subject: kept\r\n\r\nthe preview text\r\n")) {
            TestClient c = s.client();
            noPreviews.set(true);
            down.set(true);
            assertThat(c.last("FETCH 1 PREVIEW")).matches("a\\d+ NO \\[UNAVAILABLE\\].*");
            down.set(false);
            assertThat(c.ok("FETCH 1 PREVIEW")).contains("* 1 FETCH (PREVIEW \"the preview text\")");
        }
    }

    private record Selected(ImapServer server, TestClient client) implements AutoCloseable {
        @Override public void close() {
            client.close();
            server.close();
        }
    }

    /** A server on a memory store behind {@link #outage}, alice's INBOX holding {@code message}, selected by a client. */
    private Selected selected(String message) throws Exception {
        MailStore real = new MemoryMailStore(satchel.store.MailboxLimits.DEFAULT);
        var config = ServerConfig.defaults(dir).withStore("memory").withImap("127.0.0.1:0").withImaps(null);
        ImapServer server = ImapServer.start(config, outage(real));
        try {
            UserMail mail = real.mail(real.createUser("alice", Passwords.hash("secret"), null));
            mail.append(mail.find("INBOX").orElseThrow().id(), List.of(new NewMessage(
                    message.getBytes(StandardCharsets.US_ASCII), Set.of(), Instant.parse("2026-12-06T10:00:00Z"))));
            TestClient c = TestClient.connect(server.imapAddress());
            c.greeting();
            c.ok("LOGIN alice secret");
            c.ok("SELECT INBOX");
            return new Selected(server, c);
        } catch (Exception | AssertionError e) {
            server.close();
            throw e;
        }
    }

    /**
     * The store with message bytes unreadable while {@code down} is set, as during a database outage, and without
     * kept previews while {@code noPreviews} is set, as for mail stored before previews were kept.
     */
    private MailStore outage(MailStore real) {
        return proxy(MailStore.class, real, (method, args) -> {
            Object result = invoke(method, real, args);
            if (!method.getName().equals("mail")) return result;
            UserMail mail = (UserMail) result;
            return proxy(UserMail.class, mail, (m, a) -> {
                if (down.get() && m.getName().equals("content")) {
                    throw new StoreException(StoreException.Kind.UNAVAILABLE, "Mail storage is unreachable");
                }
                if (noPreviews.get() && m.getName().equals("objects")) {
                    return stripPreviews((java.util.Map<?, ?>) invoke(m, mail, a));
                }
                if (noPreviews.get() && m.getName().equals("savePreviews")) return null;
                return invoke(m, mail, a);
            });
        });
    }

    private static java.util.Map<Object, MessageObjects> stripPreviews(java.util.Map<?, ?> objects) {
        var out = new java.util.LinkedHashMap<Object, MessageObjects>();
        objects.forEach((uid, o) -> {
            var x = (MessageObjects) o;
            out.put(uid, new MessageObjects(x.emailId(), x.threadId(), x.saveDate(), java.util.Optional.empty()));
        });
        return out;
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
