package satchel.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import satchel.store.MailboxInfo;
import satchel.store.NewMessage;
import satchel.store.StoreException;
import satchel.store.UserMail;
import satchel.store.memory.MemoryMailStore;
import satchel.wire.ResponseWriter;
import satchel.wire.Settings;

/**
 * A doorbell tells an idling view of a change at once (its next command asks the store), but wakes it only when
 * the read the bell started is done: the session then takes that finished read instead of waking a thousand
 * threads that only wait for it while the read's own round trips queue behind them (cross-node IDLE, issue 12).
 * A read that fails still wakes them, to read (and meet the failure) themselves.
 */
class MailboxFeedWakeTest {
    /** What the next changesSince does: nothing special, wait for a latch, or fail. */
    private final AtomicReference<CountDownLatch> gate = new AtomicReference<>();
    private final AtomicReference<StoreException> failure = new AtomicReference<>();
    private final CountDownLatch entered = new CountDownLatch(1);
    private final AtomicInteger asked = new AtomicInteger();

    @Test
    void wakesTheIdlerOnlyOnceTheBellsReadIsDone() throws Exception {
        MemoryMailStore store = new MemoryMailStore();
        store.createUser("u", "x", "x");
        UserMail real = store.mail(store.user("u").orElseThrow());
        MailboxInfo inbox = real.find("INBOX").orElseThrow();
        append(real, inbox, 1);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        Replies out = new Replies(new ResponseWriter(wire));
        try (MailboxView v = MailboxView.open(new UserContext(store.user("u").orElseThrow(), gated(real)), store, inbox,
                false, () -> Settings.IMAP4REV1)) {
            v.sync(out, true);
            Semaphore woken = new Semaphore(0);
            v.onChange(woken::release);
            CountDownLatch open = new CountDownLatch(1);
            gate.set(open);
            int before = asked.get();

            append(real, inbox, 2); // rings before it returns (memory store): the bell's read starts and blocks
            assertThat(entered.await(5, TimeUnit.SECONDS)).as("the bell started a read").isTrue();
            assertThat(woken.tryAcquire(300, TimeUnit.MILLISECONDS)).as("woken while the read runs").isFalse();

            open.countDown();
            assertThat(woken.tryAcquire(5, TimeUnit.SECONDS)).as("woken once it is done").isTrue();
            v.syncAfterBell(out);
            assertThat(asked.get() - before).as("reads: the bell's, taken by the woken session").isEqualTo(1);
            assertThat(wire.toString(StandardCharsets.US_ASCII)).contains("* 2 EXISTS");
        }
    }

    @Test
    void aFailedReadStillWakesTheIdler() throws Exception {
        MemoryMailStore store = new MemoryMailStore();
        store.createUser("u", "x", "x");
        UserMail real = store.mail(store.user("u").orElseThrow());
        MailboxInfo inbox = real.find("INBOX").orElseThrow();
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        Replies out = new Replies(new ResponseWriter(wire));
        try (MailboxView v = MailboxView.open(new UserContext(store.user("u").orElseThrow(), gated(real)), store, inbox,
                false, () -> Settings.IMAP4REV1)) {
            v.sync(out, true);
            Semaphore woken = new Semaphore(0);
            v.onChange(woken::release);
            failure.set(new StoreException(StoreException.Kind.UNAVAILABLE, "database restarting"));

            append(real, inbox, 1);
            assertThat(woken.tryAcquire(5, TimeUnit.SECONDS)).as("woken after the failed read").isTrue();
            v.syncAfterBell(out); // reads itself, now that the store answers again
            assertThat(wire.toString(StandardCharsets.US_ASCII)).contains("* 1 EXISTS");
        }
    }

    /** The user's mail, with changesSince counted and, when armed, held at a latch or failed once. */
    private UserMail gated(UserMail real) {
        return (UserMail) Proxy.newProxyInstance(UserMail.class.getClassLoader(), new Class<?>[] {UserMail.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("changesSince")) {
                        asked.incrementAndGet();
                        StoreException fail = failure.getAndSet(null);
                        if (fail != null) throw fail;
                        CountDownLatch g = gate.getAndSet(null);
                        if (g != null) {
                            entered.countDown();
                            g.await();
                        }
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static void append(UserMail mail, MailboxInfo inbox, int i) throws Exception {
        byte[] msg = ("Subject: m" + i + "\r\n\r\nbody " + i + "\r\n").getBytes(StandardCharsets.US_ASCII);
        mail.append(inbox.id(), List.of(new NewMessage(msg, Set.of(), null)));
    }
}
