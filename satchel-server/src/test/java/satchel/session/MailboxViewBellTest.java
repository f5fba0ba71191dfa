package satchel.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import satchel.store.MailboxInfo;
import satchel.store.NewMessage;
import satchel.store.UserMail;
import satchel.store.memory.MemoryMailStore;
import satchel.wire.ResponseWriter;
import satchel.wire.Settings;

/**
 * A selected mailbox asks the store for changes after every command; where the store's doorbells ring before its
 * writes return, a view whose bell has not rung skips the question (two read transactions per UID FETCH), and
 * still sees every change once the bell rings.
 */
class MailboxViewBellTest {
    @Test
    void asksTheStoreOnlyAfterTheBellRang() throws Exception {
        MemoryMailStore store = new MemoryMailStore();
        store.createUser("u", "x", "x");
        UserMail real = store.mail(store.user("u").orElseThrow());
        AtomicInteger asked = new AtomicInteger();
        UserMail counting = (UserMail) Proxy.newProxyInstance(UserMail.class.getClassLoader(),
                new Class<?>[] {UserMail.class}, (proxy, method, args) -> {
                    if (method.getName().equals("changesSince")) asked.incrementAndGet();
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        MailboxInfo inbox = real.find("INBOX").orElseThrow();
        append(real, inbox, 1);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        Replies out = new Replies(new ResponseWriter(wire));
        try (MailboxView v = MailboxView.open(new UserContext(store.user("u").orElseThrow(), counting), store, inbox,
                false, () -> Settings.IMAP4REV1)) {
            v.sync(out, true); // the first sync asks: a change may have come between subscribing and reading
            int first = asked.get();
            for (int i = 0; i < 5; i++) v.sync(out, true);
            assertThat(asked.get()).as("no bell, no question").isEqualTo(first);

            append(real, inbox, 2); // another session's APPEND rings the bell before it returns
            v.sync(out, true);
            assertThat(asked.get()).isEqualTo(first + 1);
            assertThat(v.size()).isEqualTo(2);
            assertThat(wire.toString(StandardCharsets.US_ASCII)).contains("* 2 EXISTS");
            v.sync(out, true);
            assertThat(asked.get()).isEqualTo(first + 1);
        }
    }

    private static void append(UserMail mail, MailboxInfo inbox, int i) throws Exception {
        byte[] msg = ("Subject: m" + i + "\r\n\r\nbody " + i + "\r\n").getBytes(StandardCharsets.US_ASCII);
        mail.append(inbox.id(), List.of(new NewMessage(msg, Set.of(), null)));
    }
}
