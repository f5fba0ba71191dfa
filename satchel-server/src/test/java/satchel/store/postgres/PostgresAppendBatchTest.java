package satchel.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.store.AppendResult;
import satchel.store.Limit;
import satchel.store.MailboxId;
import satchel.store.MessageMeta;
import satchel.store.NewMessage;
import satchel.store.Pending;
import satchel.store.QuotaOverride;
import satchel.store.StoreException;
import satchel.store.StoreException.Kind;
import satchel.store.User;
import satchel.store.UserMail;

/**
 * The PostgreSQL store's group commit of APPENDs into one mailbox (issue 12, {@code AppendBatches}): APPENDs queued
 * together share one transaction, UIDs ascend in submission order and appear in that order to every reader, also
 * with two nodes appending at once, and an APPEND of a batch that cannot be stored is refused alone. Also STORE's
 * one-statement path under concurrent STOREs from two nodes.
 */
class PostgresAppendBatchTest {
    @TempDir Path dir;
    private final List<PostgresMailStore> stores = new ArrayList<>();

    @AfterEach void close() {
        for (PostgresMailStore s : stores) s.close();
    }

    private PostgresMailStore node() throws StoreException {
        PostgresMailStore s = PostgresTestServer.open(dir); // same directory, same database: another node
        stores.add(s);
        return s;
    }

    private static NewMessage message(String text, int padding) {
        String body = text + "\r\n" + "x".repeat(padding) + "\r\n";
        return new NewMessage(("Subject: " + text + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8), Set.of(),
                Instant.parse("2026-12-06T10:00:00Z"));
    }

    @Test void appendsQueuedTogetherShareOneTransactionInSubmissionOrder() throws Exception {
        PostgresMailStore store = node();
        UserMail mail = store.mail(store.createUser("alice", "$hash$", null));
        MailboxId inbox = mail.find("INBOX").orElseThrow().id();
        List<Pending<List<AppendResult>>> queued = new ArrayList<>();
        for (int i = 0; i < 5; i++) queued.add(mail.appendLater(inbox, List.of(message("m" + i, 0))));
        List<Long> uids = new ArrayList<>();
        for (Pending<List<AppendResult>> p : queued) uids.add(p.await().getFirst().uid());
        assertThat(uids).containsExactly(1L, 2L, 3L, 4L, 5L);
        // One transaction takes one modseq for everything it appends (RFC 7162 §3.1 allows sharing it).
        List<MessageMeta> metas = mail.snapshot(inbox).messages();
        assertThat(metas).extracting(MessageMeta::modSeq).containsOnly(metas.getFirst().modSeq());
        assertThat(new String(mail.content(inbox, 4), StandardCharsets.UTF_8)).startsWith("Subject: m3\r\n");
    }

    @Test void oneAppendOfABatchOverQuotaIsRefusedAloneAndTheOthersAreStored() throws Exception {
        PostgresMailStore store = node();
        User alice = store.createUser("alice", "$hash$", null);
        UserMail mail = store.mail(alice);
        MailboxId inbox = mail.find("INBOX").orElseThrow().id();
        store.setQuota(alice, new QuotaOverride(Optional.of(new Limit.AtMost(10_000)), Optional.empty()));
        Pending<List<AppendResult>> small = mail.appendLater(inbox, List.of(message("first", 100)));
        Pending<List<AppendResult>> big = mail.appendLater(inbox, List.of(message("too big", 20_000)));
        Pending<List<AppendResult>> after = mail.appendLater(inbox, List.of(message("third", 100)));
        assertThat(small.await().getFirst().uid()).isEqualTo(1);
        assertThatThrownBy(big::await).isInstanceOfSatisfying(StoreException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.OVER_QUOTA));
        assertThat(after.await().getFirst().uid()).isEqualTo(2); // the refused one took no UID
        assertThat(mail.snapshot(inbox).messages()).extracting(MessageMeta::uid).containsExactly(1L, 2L);
        assertThat(store.quota(alice).messages()).isEqualTo(2);
    }

    @Test void appendsFromTwoNodesAscendAndAppearInOrder() throws Exception {
        PostgresMailStore a = node();
        PostgresMailStore b = node();
        User alice = a.createUser("alice", "$hash$", null);
        MailboxId inbox = a.mail(alice).find("INBOX").orElseThrow().id();
        int writersPerNode = 6;
        int each = 12;
        AtomicBoolean done = new AtomicBoolean();
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> observers = new ArrayList<>();
            for (PostgresMailStore node : List.of(a, b)) {
                UserMail mail = node.mail(alice);
                observers.add(pool.submit(() -> {
                    while (!done.get()) {
                        List<Long> seen = mail.snapshot(inbox).messages().stream().map(MessageMeta::uid).toList();
                        for (int i = 0; i < seen.size(); i++) {
                            if (seen.get(i) != i + 1) {
                                problems.add("saw " + seen.get(i) + " at " + (i + 1) + " in " + seen);
                                break;
                            }
                        }
                    }
                    return null;
                }));
            }
            List<Future<List<Long>>> writers = new ArrayList<>();
            for (PostgresMailStore node : List.of(a, b)) {
                for (int w = 0; w < writersPerNode; w++) {
                    UserMail mail = node.mail(alice);
                    String who = (node == a ? "a" : "b") + w;
                    writers.add(pool.submit(() -> {
                        List<Long> mine = new ArrayList<>();
                        for (int i = 0; i < each; i++) {
                            mine.add(mail.append(inbox, List.of(message(who + "-" + i, 200))).getFirst().uid());
                        }
                        return mine;
                    }));
                }
            }
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> w : writers) {
                List<Long> mine = w.get(3, TimeUnit.MINUTES);
                assertThat(mine).isSorted().doesNotHaveDuplicates(); // each session's APPENDs in its order
                all.addAll(mine);
            }
            done.set(true);
            for (Future<?> o : observers) o.get(1, TimeUnit.MINUTES);
            int total = 2 * writersPerNode * each;
            assertThat(all).doesNotHaveDuplicates().hasSize(total);
            assertThat(b.mail(alice).snapshot(inbox).messages()).extracting(MessageMeta::uid)
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, total).boxed().toList());
        }
        assertThat(problems).isEmpty();
    }

    /**
     * STORE's one-statement path (FlagStatement) reads without a lock and updates only rows whose modseq has not
     * moved since; with sessions on two nodes adding keywords to the same messages at once, none may be lost, and
     * each message's modseq is the mailbox's at its last change.
     */
    @Test void concurrentStoresOnTwoNodesLoseNoFlag() throws Exception {
        PostgresMailStore a = node();
        PostgresMailStore b = node();
        User alice = a.createUser("alice", "$hash$", null);
        MailboxId inbox = a.mail(alice).find("INBOX").orElseThrow().id();
        a.mail(alice).append(inbox, List.of(message("one", 0), message("two", 0), message("three", 0)));
        int writers = 8;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> all = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                UserMail mail = (w % 2 == 0 ? a : b).mail(alice);
                String keyword = "k" + w;
                all.add(pool.submit(() -> {
                    for (int round = 0; round < 4; round++) {
                        var update = new satchel.store.FlagUpdate(round % 2 == 0
                                ? satchel.store.FlagUpdate.Mode.ADD : satchel.store.FlagUpdate.Mode.REMOVE,
                                Set.of(keyword), -1);
                        var r = mail.updateFlags(inbox, List.of(1L, 2L, 3L), update);
                        for (MessageMeta m : r.changed()) {
                            assertThat(m.flags().contains(keyword)).isEqualTo(round % 2 == 0);
                        }
                    }
                    mail.updateFlags(inbox, List.of(1L, 2L, 3L), new satchel.store.FlagUpdate(
                            satchel.store.FlagUpdate.Mode.ADD, Set.of(keyword), -1));
                    return null;
                }));
            }
            for (Future<?> f : all) f.get(2, TimeUnit.MINUTES);
        }
        var snapshot = b.mail(alice).snapshot(inbox);
        Set<String> expected = new java.util.HashSet<>();
        for (int w = 0; w < writers; w++) expected.add("k" + w);
        for (MessageMeta m : snapshot.messages()) assertThat(m.flags()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(snapshot.messages()).extracting(MessageMeta::modSeq).allMatch(s -> s <= snapshot.highestModSeq())
                .contains(snapshot.highestModSeq());
    }
}
