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
 * with two nodes appending at once, and an APPEND of a batch that cannot be stored is refused alone.
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
}
