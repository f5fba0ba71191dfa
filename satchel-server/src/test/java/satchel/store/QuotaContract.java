package satchel.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import satchel.store.StoreException.Kind;

/**
 * RFC 9208 quota in the store: usage counters kept by every write, limits from the defaults or the user's own, and
 * refusals that store nothing (MULTIAPPEND all or none, RFC 3502), checked inside the write so concurrent writers
 * cannot both take the last slot.
 */
public abstract class QuotaContract extends StoreFixture {
    /** Defaults: 10 messages, no storage limit. */
    protected static final MailboxLimits LIMITS = MailboxLimits.DEFAULT.withQuota(
            QuotaLimits.UNLIMITED.withMessages(new Limit.AtMost(10)));

    protected abstract MailStore open(Path dir, MailboxLimits limits) throws Exception;

    @Override
    protected MailStore open(Path dir) throws Exception {
        return open(dir, LIMITS);
    }

    private static long size(NewMessage m) {
        return m.content().length;
    }

    private Quota quota() throws StoreException {
        return store.quota(alice);
    }

    private void assertUsage(long bytes, long messages) throws StoreException {
        assertThat(quota().storageBytes()).as("storage").isEqualTo(bytes);
        assertThat(quota().messages()).as("messages").isEqualTo(messages);
    }

    private void assertConsistent() throws StoreException {
        assertThat(((StoreMaintenance) store).check(false, StoreMaintenance.Progress.NONE).problems()).isEmpty();
    }

    @Test
    void anAppendOverQuotaTakesNoRecentClaimEither() throws Exception {
        MailboxId box = inbox();
        append(box, 9);
        mail.claimRecent(box, 10);
        MailboxInfo info = mail.find("INBOX").orElseThrow();
        assertFails(Kind.OVER_QUOTA, () -> mail.appendClaiming(info, List.of(msg("a"), msg("b")), 10).await());
        assertThat(mail.snapshot(box).firstRecentUid()).isEqualTo(10); // neither the messages nor the claim
        assertThat(mail.snapshot(box).uidNext()).isEqualTo(10);
        assertThat(mail.appendClaiming(info, List.of(msg("c")), 10).await().results()).hasSize(1);
    }

    @Test
    void everyWriteKeepsTheCounters() throws Exception {
        long one = size(msg("message 0"));
        assertUsage(0, 0);
        append(inbox(), 3); // the three messages differ only in the digit: same size
        assertUsage(3 * one, 3);
        MailboxId work = create("Work");
        CopyResult copied = mail.copy(inbox(), List.of(1L, 2L), work);
        assertUsage(5 * one, 5); // a copy counts as much as the message, though the bytes are kept once
        mail.move(work, copied.destUids(), create("Archive/2026"));
        assertUsage(5 * one, 5); // a move stays in the one quota root
        mail.expunge(inbox(), List.of(3L));
        assertUsage(4 * one, 4);
        mail.delete("Archive/2026");
        assertUsage(2 * one, 2);
        mail.rename("INBOX", "Old");
        assertUsage(2 * one, 2);
        store.deliver(List.of(new MailStore.Target(alice, inbox())), msg("message 9"));
        assertUsage(3 * one, 3);
        mail.create("Parent/Child", Set.of());
        append(mail.find("Parent").orElseThrow().id(), 1);
        mail.delete("Parent"); // has an inferior: stays as \Noselect, its messages go
        assertUsage(3 * one, 3);
        assertConsistent();
    }

    @Test
    void importsAreCountedButNotRefused() throws Exception {
        MailboxInfo box = store.importer(alice).mailbox("Imported", 0);
        List<Importer.Imported> many = new ArrayList<>();
        for (int i = 1; i <= 12; i++) many.add(new Importer.Imported(msg("message " + (i % 10)), i));
        store.importer(alice).append(box.id(), many);
        assertThat(quota().messages()).isEqualTo(12); // the administrator moved them in, over the limit
        assertFails(Kind.OVER_QUOTA, () -> append(inbox(), 1));
        assertConsistent();
    }

    @Test
    void multiappendOverTheLimitStoresNone() throws Exception {
        append(inbox(), 8);
        assertFails(Kind.OVER_QUOTA, () -> append(inbox(), 3));
        assertThat(uids(inbox())).hasSize(8);
        assertThat(quota().messages()).isEqualTo(8);
        append(inbox(), 2); // exactly the limit
        assertFails(Kind.OVER_QUOTA, () -> append(inbox(), 1));
        assertThat(mail.status(inbox()).uidNext()).isEqualTo(11); // the refusals used no UID
    }

    @Test
    void storageLimitCountsBytes() throws Exception {
        long one = size(msg("message 0"));
        store.setQuota(alice, new QuotaOverride(Optional.of(new Limit.AtMost(2 * one)), Optional.empty()));
        append(inbox(), 2);
        assertFails(Kind.OVER_QUOTA, () -> append(inbox(), 1));
        assertThat(quota().limits().messages()).isEqualTo(new Limit.AtMost(10)); // still the default
    }

    @Test
    void copyIsRefusedOverQuotaButMoveExpungeAndDeleteStillWork() throws Exception {
        append(inbox(), 6);
        MailboxId trash = mail.find("Trash").orElseThrow().id();
        assertFails(Kind.OVER_QUOTA, () -> mail.copy(inbox(), List.of(1L, 2L, 3L, 4L, 5L), trash));
        assertThat(uids(trash)).isEmpty();
        // The administrator lowers the limit below the usage: the user can still tidy up.
        store.setQuota(alice, new QuotaOverride(Optional.empty(), Optional.of(new Limit.AtMost(2))));
        assertFails(Kind.OVER_QUOTA, () -> mail.copy(inbox(), List.of(1L), trash));
        mail.move(inbox(), List.of(1L, 2L), trash);
        mail.updateFlags(trash, List.of(1L), add(Flags.DELETED));
        mail.expunge(trash, List.of(1L));
        mail.delete("Trash");
        assertThat(quota().messages()).isEqualTo(4);
        assertConsistent();
    }

    @Test
    void copyIntoTheSameMailboxStopsAtTheLimit() throws Exception {
        // The amplification COPY 1:* into the selected mailbox, over and over, grew storage without bound.
        append(inbox(), 1);
        int refused = 0;
        for (int i = 0; i < 10; i++) {
            List<Long> all = uids(inbox());
            try {
                mail.copy(inbox(), all, inbox());
            } catch (StoreException e) {
                assertThat(e.kind()).isEqualTo(Kind.OVER_QUOTA);
                refused++;
            }
        }
        assertThat(refused).isPositive();
        assertThat(quota().messages()).isEqualTo(8).isLessThanOrEqualTo(10); // 1, 2, 4, 8, then 16 refused
    }

    @Test
    void deliveryToSeveralUsersIsAllOrNone() throws Exception {
        User bob = store.createUser("bob", "$hash$bob", null);
        store.setQuota(bob, new QuotaOverride(Optional.empty(), Optional.of(new Limit.AtMost(0))));
        MailboxId bobInbox = store.mail(bob).find("INBOX").orElseThrow().id();
        assertFails(Kind.OVER_QUOTA, () -> store.deliver(List.of(new MailStore.Target(alice, inbox()),
                new MailStore.Target(bob, bobInbox)), msg("shared")));
        assertThat(uids(inbox())).isEmpty();
        assertThat(store.quota(bob).messages()).isZero();
        store.deliver(List.of(new MailStore.Target(alice, inbox())), msg("shared"));
        assertUsage(size(msg("shared")), 1);
    }

    @Test
    void ownLimitsReplaceTheDefaultsUntilCleared() throws Exception {
        assertThat(quota().own()).isEqualTo(QuotaOverride.NONE);
        QuotaOverride own = new QuotaOverride(Optional.of(new Limit.AtMost(1 << 20)), Optional.of(Limit.UNLIMITED));
        store.setQuota(alice, own);
        assertThat(quota().own()).isEqualTo(own);
        assertThat(quota().limits()).isEqualTo(new QuotaLimits(new Limit.AtMost(1 << 20), Limit.UNLIMITED));
        append(inbox(), 10);
        append(inbox(), 1); // no message limit any more
        store.setQuota(alice, QuotaOverride.NONE);
        assertThat(quota().limits()).isEqualTo(LIMITS.quota());
        assertThat(quota().messages()).isEqualTo(11);
        assertFails(Kind.NONEXISTENT, () -> {
            User gone = store.createUser("gone", "$hash$gone", null);
            store.deleteUser("gone");
            store.setQuota(gone, own);
        });
    }

    @Test
    void concurrentAppendsCannotBothTakeTheLastSlot() throws Exception {
        append(inbox(), 6); // 4 slots left; 4 writers try 3 each, into two mailboxes
        MailboxId work = create("Work");
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<Integer>> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            MailboxId box = w % 2 == 0 ? inbox() : work;
            writers.add(() -> {
                start.await();
                int stored = 0;
                for (int i = 0; i < 3; i++) {
                    try {
                        mail.append(box, List.of(msg("race " + i)));
                        stored++;
                    } catch (StoreException e) {
                        if (e.kind() != Kind.OVER_QUOTA) throw e;
                    }
                }
                return stored;
            });
        }
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> results = new ArrayList<>();
            for (Callable<Integer> c : writers) results.add(pool.submit(c));
            start.countDown();
            int stored = 0;
            for (Future<Integer> f : results) stored += f.get();
            assertThat(stored).isEqualTo(4);
        }
        assertThat(quota().messages()).isEqualTo(10);
        assertThat(uids(inbox()).size() + uids(work).size()).isEqualTo(10);
        assertConsistent();
    }
}
