package satchel.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.Await;
import satchel.store.Doorbells;
import satchel.store.MailboxId;
import satchel.store.StoreException;

/**
 * Group commit in {@link Database}: writes queued behind a running one commit together, each in its own
 * savepoint, and none returns before its commit. The first write is held inside its work until the others have
 * queued, so the second group's make-up is known without any timing.
 */
class GroupCommitTest {
    @TempDir Path dir;

    private static satchel.store.sql.Database.Work<String> insert(String name) {
        return tx -> {
            try (PreparedStatement ps = tx.c().prepareStatement("INSERT INTO counters (name, value) VALUES (?, 1)")) {
                ps.setString(1, name);
                ps.executeUpdate();
            }
            tx.ring().add(new MailboxId(name.hashCode()));
            return name;
        };
    }

    private static Map<String, Long> counters(SqliteDatabase db) throws StoreException {
        return db.read(tx -> {
            Map<String, Long> out = new TreeMap<>();
            try (PreparedStatement ps = tx.c().prepareStatement("SELECT name, value FROM counters");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.put(rs.getString(1), rs.getLong(2));
            }
            return out;
        });
    }

    @Test
    void aFailingRequestInAGroupRollsBackAloneAndNothingReturnsBeforeTheCommit() throws Exception {
        Doorbells bells = new Doorbells();
        List<String> rung = new CopyOnWriteArrayList<>();
        for (String n : List.of("first", "a", "b", "c", "boom", "badsql")) {
            bells.watch(new MailboxId(n.hashCode()), () -> rung.add(n));
        }
        try (SqliteDatabase db = new SqliteDialect(dir.resolve("t.db"), 0, 0).open(bells);
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Integer> groups = new CopyOnWriteArrayList<>();
            List<AtomicBoolean> returned = new CopyOnWriteArrayList<>();
            List<String> violations = new CopyOnWriteArrayList<>();
            db.commitHook(new GroupCommit.Hook() {
                @Override public void beforeCommit(int requests) {
                    groups.add(requests);
                    for (AtomicBoolean r : returned) if (r.get()) violations.add("a write returned before its commit");
                    try {
                        if (groups.size() == 2 && counters(db).keySet().size() != 1) violations.add("visible before commit");
                    } catch (StoreException e) {
                        violations.add(e.toString());
                    }
                }
            });

            CountDownLatch inside = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Future<String> first = pool.submit(() -> db.write(tx -> {
                String r = insert("first").run(tx);
                inside.countDown();
                try {
                    if (!release.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("not released");
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return r;
            }));
            assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();

            List<satchel.store.sql.Database.Work<String>> works = List.of(insert("a"), insert("b"), tx -> {
                insert("boom").run(tx); // written, then undone with its savepoint
                throw new IllegalStateException("boom");
            }, insert("c"), tx -> {
                tx.ring().add(new MailboxId("badsql".hashCode()));
                tx.c().createStatement().execute("INSERT INTO no_such_table VALUES (1)");
                return "badsql";
            });
            List<Future<String>> later = new ArrayList<>();
            for (satchel.store.sql.Database.Work<String> w : works) {
                AtomicBoolean done = new AtomicBoolean();
                returned.add(done);
                later.add(pool.submit(() -> {
                    try {
                        return db.write(w);
                    } finally {
                        done.set(true);
                    }
                }));
            }
            Await.until(Duration.ofSeconds(30), () -> db.pendingWrites() == works.size());
            release.countDown();

            assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo("first");
            assertThat(later.get(0).get(30, TimeUnit.SECONDS)).isEqualTo("a");
            assertThat(later.get(1).get(30, TimeUnit.SECONDS)).isEqualTo("b");
            assertThat(later.get(3).get(30, TimeUnit.SECONDS)).isEqualTo("c");
            ExecutionException boom = org.assertj.core.api.Assertions.catchThrowableOfType(ExecutionException.class,
                    () -> later.get(2).get(30, TimeUnit.SECONDS));
            assertThat(boom.getCause()).isInstanceOf(IllegalStateException.class).hasMessage("boom");
            ExecutionException bad = org.assertj.core.api.Assertions.catchThrowableOfType(ExecutionException.class,
                    () -> later.get(4).get(30, TimeUnit.SECONDS));
            assertThat(bad.getCause()).isInstanceOf(StoreException.class);
            assertThat(bad.getCause().getMessage()).doesNotContainIgnoringCase("insert");

            assertThat(groups).containsExactly(1, works.size()); // one commit for the five queued writes
            assertThat(violations).isEmpty();
            assertThat(counters(db)).containsOnlyKeys("first", "a", "b", "c");
            // Only writes that committed ring their doorbells.
            assertThat(Set.copyOf(rung)).containsExactlyInAnyOrder("first", "a", "b", "c");
        }
    }

    @Test
    void aLoneWriteCommitsAtOnceAndAFailedOneLeavesNoTrace() throws Exception {
        try (SqliteDatabase db = new SqliteDialect(dir.resolve("t.db"), 0, 0).open(new Doorbells())) {
            List<Integer> groups = new CopyOnWriteArrayList<>();
            db.commitHook(new GroupCommit.Hook() {
                @Override public void afterCommit(int requests) {
                    groups.add(requests);
                }
            });
            assertThat(db.write(insert("x"))).isEqualTo("x");
            StoreException dup = org.assertj.core.api.Assertions.catchThrowableOfType(StoreException.class,
                    () -> db.write(insert("x")));
            assertThat(dup.kind()).isEqualTo(StoreException.Kind.CANNOT); // constraint: translated, rolled back
            assertThat(db.write(insert("y"))).isEqualTo("y");
            assertThat(groups).containsExactly(1, 1, 1);
            assertThat(counters(db)).containsOnlyKeys("x", "y");
        }
    }

    /**
     * A leader waits for a write announced as on its way ({@link SqliteDatabase#arriving}), so both share one commit;
     * an announcement withdrawn without a write, or never withdrawn, holds a commit up no longer than the bound.
     */
    @Test
    void aCommitWaitsForAnArrivingWriteAndNoLonger() throws Exception {
        try (SqliteDatabase db = new SqliteDialect(dir.resolve("t.db"), 0, 0).open(new Doorbells());
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Integer> groups = new CopyOnWriteArrayList<>();
            db.commitHook(new GroupCommit.Hook() {
                @Override public void afterCommit(int requests) {
                    groups.add(requests);
                }
            });
            db.gatherNanos(TimeUnit.SECONDS.toNanos(30)); // only the arrival's end lets the first group go
            var arrival = db.arriving();
            Future<String> x = pool.submit(() -> db.write(insert("x")));
            Await.until(Duration.ofSeconds(10), () -> db.pendingWrites() == 1 && !x.isDone());
            var y = db.submitGrowing(insert("y"), 0);
            arrival.close();
            arrival.close(); // harmless twice
            assertThat(x.get(10, TimeUnit.SECONDS)).isEqualTo("x");
            assertThat(y.await()).isEqualTo("y");
            assertThat(groups).containsExactly(2);

            var withdrawn = db.arriving();
            Future<String> z = pool.submit(() -> db.write(insert("z")));
            Await.until(Duration.ofSeconds(10), () -> db.pendingWrites() == 1);
            withdrawn.close(); // prepared nothing after all: the group goes without it
            assertThat(z.get(10, TimeUnit.SECONDS)).isEqualTo("z");

            db.gatherNanos(TimeUnit.MILLISECONDS.toNanos(20));
            var forgotten = db.arriving(); // never closed: the bound lets the group go
            assertThat(db.write(insert("w"))).isEqualTo("w");
            forgotten.close();
            assertThat(groups).containsExactly(2, 1, 1);
            assertThat(counters(db)).containsOnlyKeys("w", "x", "y", "z");
        }
    }

    @Test
    void writesAfterCloseAreUnavailable() throws Exception {
        SqliteDatabase db = new SqliteDialect(dir.resolve("t.db"), 0, 0).open(new Doorbells());
        db.close();
        StoreException e = org.assertj.core.api.Assertions.catchThrowableOfType(StoreException.class,
                () -> db.write(insert("x")));
        assertThat(e.kind()).isEqualTo(StoreException.Kind.UNAVAILABLE);
    }

    /**
     * A request that fills the disk (SQLITE_FULL, which may make SQLite drop the whole transaction) fails alone
     * as far as possible: what ran before it either committed or failed with it, never half; what comes after it
     * still commits; and the writer stays usable.
     */
    @Test
    void aRequestThatFillsTheDiskLeavesTheOthersConsistent() throws Exception {
        try (SqliteDatabase db = new SqliteDialect(dir.resolve("t.db"), 60, 0).open(new Doorbells());
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch inside = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Future<String> first = pool.submit(() -> db.write(tx -> {
                String r = insert("first").run(tx);
                inside.countDown();
                try {
                    if (!release.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("not released");
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return r;
            }));
            assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
            Future<String> a = pool.submit(() -> db.write(insert("a")));
            Await.until(Duration.ofSeconds(30), () -> db.pendingWrites() == 1);
            Future<String> big = pool.submit(() -> db.write(tx -> {
                try (PreparedStatement ps = tx.c().prepareStatement("INSERT INTO counters (name, value) VALUES (?, 1)")) {
                    ps.setString(1, "x".repeat(1 << 20));
                    ps.executeUpdate();
                }
                return "big";
            }));
            Await.until(Duration.ofSeconds(30), () -> db.pendingWrites() == 2);
            Future<String> c = pool.submit(() -> db.write(insert("c")));
            Await.until(Duration.ofSeconds(30), () -> db.pendingWrites() == 3);
            release.countDown();

            assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo("first");
            ExecutionException full = org.assertj.core.api.Assertions.catchThrowableOfType(ExecutionException.class,
                    () -> big.get(30, TimeUnit.SECONDS));
            assertThat(full.getCause()).isInstanceOf(StoreException.class).hasMessageContaining("full");
            assertThat(c.get(30, TimeUnit.SECONDS)).isEqualTo("c");
            boolean aCommitted;
            try {
                aCommitted = a.get(30, TimeUnit.SECONDS).equals("a");
            } catch (ExecutionException e) {
                aCommitted = false;
            }
            Map<String, Long> rows = counters(db);
            assertThat(rows.containsKey("a")).isEqualTo(aCommitted);
            assertThat(rows).containsKeys("first", "c").doesNotContainKey("x".repeat(1 << 20));
            assertThat(db.write(insert("after"))).isEqualTo("after");
        }
    }
}
