package satchel.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import satchel.store.StoreException;
import satchel.store.UserMail;
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
        OneUserMail u = OneUserMail.create();
        u.append(1);
        try (Idler i = idle(u)) {
            CountDownLatch open = new CountDownLatch(1);
            gate.set(open);
            int before = asked.get();

            u.append(2); // rings before it returns (memory store): the bell's read starts and blocks
            assertThat(entered.await(5, TimeUnit.SECONDS)).as("the bell started a read").isTrue();
            assertThat(i.woken().tryAcquire(300, TimeUnit.MILLISECONDS)).as("woken while the read runs").isFalse();

            open.countDown();
            assertThat(i.woken().tryAcquire(5, TimeUnit.SECONDS)).as("woken once it is done").isTrue();
            i.view().syncAfterBell(i.out());
            assertThat(asked.get() - before).as("reads: the bell's, taken by the woken session").isEqualTo(1);
            assertThat(i.wire().toString(StandardCharsets.US_ASCII)).contains("* 2 EXISTS");
        }
    }

    @Test
    void aFailedReadStillWakesTheIdler() throws Exception {
        OneUserMail u = OneUserMail.create();
        try (Idler i = idle(u)) {
            failure.set(new StoreException(StoreException.Kind.UNAVAILABLE, "database restarting"));

            u.append(1);
            assertThat(i.woken().tryAcquire(5, TimeUnit.SECONDS)).as("woken after the failed read").isTrue();
            i.view().syncAfterBell(i.out()); // reads itself, now that the store answers again
            assertThat(i.wire().toString(StandardCharsets.US_ASCII)).contains("* 1 EXISTS");
        }
    }

    /** A selected view of INBOX on the gated mail, synced, counting its wake-ups. */
    private record Idler(MailboxView view, Semaphore woken, ByteArrayOutputStream wire, Replies out)
            implements AutoCloseable {
        @Override public void close() {
            view.close();
        }
    }

    private Idler idle(OneUserMail u) throws Exception {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        Replies out = new Replies(new ResponseWriter(wire));
        MailboxView v = MailboxView.open(u.context(gated(u)), u.store(), u.inbox(), false, () -> Settings.IMAP4REV1);
        try {
            v.sync(out, true);
            Semaphore woken = new Semaphore(0);
            v.onChange(woken::release);
            return new Idler(v, woken, wire, out);
        } catch (Exception | Error e) {
            v.close();
            throw e;
        }
    }

    /** The user's mail, with changesSince counted and, when armed, held at a latch or failed once. */
    private UserMail gated(OneUserMail u) {
        return u.beforeChangesSince(() -> {
            asked.incrementAndGet();
            StoreException fail = failure.getAndSet(null);
            if (fail != null) throw fail;
            CountDownLatch g = gate.getAndSet(null);
            if (g != null) {
                entered.countDown();
                g.await();
            }
        });
    }
}
