package satchel.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Several sessions at once on one mailbox: UIDs stay strictly ascending and unique, counters consistent. */
public abstract class ConcurrencyContract extends StoreFixture {
    private static final int THREADS = 4;
    private static final int ROUNDS = 25;

    private void runAll(List<Callable<Void>> tasks) throws Exception {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Void>> futures = pool.invokeAll(tasks, 2, TimeUnit.MINUTES);
            for (Future<Void> f : futures) f.get(); // rethrows any failure
        }
    }

    @Test
    void concurrentAppendsFlagStormsAndExpunges() throws Exception {
        MailboxId box = inbox();
        List<Long> appended = Collections.synchronizedList(new ArrayList<>());
        List<Long> expunged = Collections.synchronizedList(new ArrayList<>());
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            tasks.add(() -> {
                for (int i = 0; i < ROUNDS; i++) {
                    List<Long> uids = append(box, List.of(msg("c" + i), msg("d" + i)));
                    assertThat(uids.get(1)).isEqualTo(uids.get(0) + 1); // one append is contiguous
                    appended.addAll(uids);
                }
                return null;
            });
        }
        tasks.add(() -> {
            for (int i = 0; i < ROUNDS; i++) {
                List<Long> all = uids(box);
                mail.updateFlags(box, all, i % 2 == 0 ? add("\\Seen", "$storm") : remove("\\Seen"));
            }
            return null;
        });
        tasks.add(() -> {
            for (int i = 0; i < ROUNDS; i++) {
                List<Long> all = uids(box);
                if (!all.isEmpty()) expunged.addAll(mail.expunge(box, List.of(all.getFirst())));
            }
            return null;
        });
        runAll(tasks);

        assertThat(new HashSet<>(appended)).hasSize(THREADS * ROUNDS * 2);
        assertThat(expunged).doesNotHaveDuplicates();
        Set<Long> remaining = new HashSet<>(appended);
        expunged.forEach(remaining::remove);
        MailboxSnapshot snap = mail.snapshot(box);
        assertThat(snap.messages()).extracting(MessageMeta::uid).isSorted().doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(remaining);
        assertThat(snap.uidNext()).isEqualTo(Collections.max(appended) + 1);
        assertThat(snap.messages()).allSatisfy(m -> assertThat(m.modSeq()).isLessThanOrEqualTo(snap.highestModSeq()));
        MailboxStatus status = mail.status(box);
        assertThat(status.messages()).isEqualTo(remaining.size());
        assertThat(status.unseen()).isEqualTo(snap.messages().stream().filter(m -> !m.flags().contains("\\Seen")).count());
        // Every UID handed out stays used: the next one is above all of them.
        assertThat(append(box, 1).getFirst()).isEqualTo(Collections.max(appended) + 1);
    }

    @Test
    void concurrentClaimsHandOutEachRecentMessageOnce() throws Exception {
        MailboxId box = inbox();
        List<long[]> claims = Collections.synchronizedList(new ArrayList<>());
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            tasks.add(() -> {
                for (int i = 0; i < ROUNDS; i++) {
                    append(box, 1);
                    long next = mail.snapshot(box).uidNext();
                    claims.add(new long[] {mail.claimRecent(box, next), next});
                }
                return null;
            });
        }
        runAll(tasks);
        Set<Long> recentSomewhere = new HashSet<>();
        for (long[] c : claims) {
            for (long uid = c[0]; uid < c[1]; uid++) assertThat(recentSomewhere.add(uid)).as("uid %d twice", uid).isTrue();
        }
    }

    @Test
    void concurrentCopiesIntoOneMailboxGetDistinctUids() throws Exception {
        MailboxId src = inbox();
        MailboxId dst = create("dst");
        append(src, 3);
        List<Long> dest = Collections.synchronizedList(new ArrayList<>());
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            tasks.add(() -> {
                for (int i = 0; i < ROUNDS; i++) dest.addAll(mail.copy(src, List.of(1L, 2L, 3L), dst).destUids());
                return null;
            });
        }
        runAll(tasks);
        assertThat(dest).doesNotHaveDuplicates().hasSize(THREADS * ROUNDS * 3);
        assertThat(uids(dst)).containsExactlyInAnyOrderElementsOf(dest);
    }
}
