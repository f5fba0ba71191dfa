package satchel.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import satchel.store.MessageMeta;

/**
 * The columns against a plain sorted map: random appends, flag changes and expunges applied to both, in edits of
 * several operations, with chunks of 4 so every run crosses chunk boundaries and empties chunks.
 */
class MessageColumnsTest {
    private static final List<Set<String>> FLAGS = List.of(Set.of(), Set.of("\\Seen"), Set.of("\\Seen", "\\Answered"),
            Set.of("\\Deleted"), Set.of("$Forwarded", "\\Seen"), Set.of("$label1"));

    sealed interface Op {
        record Append(int flags, long size) implements Op {}
        record SetFlags(int pick, int flags) implements Op {}
        record Remove(int pick) implements Op {}
        record Commit() implements Op {}
    }

    @Provide Arbitrary<List<Op>> ops() {
        Arbitrary<Op> append = Combinators.combine(Arbitraries.integers().between(0, FLAGS.size() - 1),
                Arbitraries.longs().between(0, 0xFFFF_FFFFL)).as(Op.Append::new);
        Arbitrary<Op> set = Combinators.combine(Arbitraries.integers().between(0, 1000),
                Arbitraries.integers().between(0, FLAGS.size() - 1)).as(Op.SetFlags::new);
        Arbitrary<Op> remove = Arbitraries.integers().between(0, 1000).map(Op.Remove::new);
        Arbitrary<Op> commit = Arbitraries.just(new Op.Commit());
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(5, append), net.jqwik.api.Tuple.of(3, set),
                net.jqwik.api.Tuple.of(3, remove), net.jqwik.api.Tuple.of(1, commit)).list().ofMaxSize(300);
    }

    @Property(tries = 300)
    void matchesASortedMapAndLeavesOlderVersionsAlone(@ForAll("ops") List<Op> ops) {
        FlagSets flagSets = new FlagSets();
        MessageColumns cols = MessageColumns.empty(flagSets, 4);
        TreeMap<Long, MessageMeta> model = new TreeMap<>();
        List<MessageColumns> versions = new ArrayList<>();
        List<List<MessageMeta>> expected = new ArrayList<>();
        MessageColumns.Editor e = cols.edit();
        long nextUid = 1;
        long modSeq = 1;
        for (Op op : ops) {
            switch (op) {
                case Op.Append a -> {
                    nextUid += 2 + (a.size() % 3); // UIDs with gaps, as after expunges elsewhere
                    MessageMeta m = new MessageMeta(nextUid, ++modSeq, FLAGS.get(a.flags()), a.size(),
                            Instant.ofEpochMilli(1_700_000_000_000L + a.size()));
                    e.put(m);
                    model.put(m.uid(), m);
                }
                case Op.SetFlags s -> {
                    if (model.isEmpty()) continue;
                    MessageMeta old = pick(model, s.pick());
                    MessageMeta m = new MessageMeta(old.uid(), ++modSeq, FLAGS.get(s.flags()), old.size(), old.internalDate());
                    assertThat(e.flagsId(old.uid())).isEqualTo(flagSets.id(old.flags()));
                    e.put(m);
                    model.put(m.uid(), m);
                }
                case Op.Remove r -> {
                    if (model.isEmpty()) continue;
                    long uid = pick(model, r.pick()).uid();
                    e.remove(uid);
                    model.remove(uid);
                    assertThat(e.contains(uid)).isFalse();
                }
                case Op.Commit _ -> {
                    cols = e.done();
                    versions.add(cols);
                    expected.add(List.copyOf(model.values()));
                    e = cols.edit();
                }
            }
        }
        cols = e.done();
        versions.add(cols);
        expected.add(List.copyOf(model.values()));
        for (int v = 0; v < versions.size(); v++) assertSame(versions.get(v), expected.get(v));
        assertThat(cols.sameContent(MessageColumns.of(flagSets, List.copyOf(model.values())))).isTrue();
    }

    private static MessageMeta pick(TreeMap<Long, MessageMeta> model, int pick) {
        return new ArrayList<>(model.values()).get(pick % model.size());
    }

    private static void assertSame(MessageColumns cols, List<MessageMeta> expected) {
        assertThat(cols.size()).isEqualTo(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            MessageMeta m = expected.get(i);
            assertThat(cols.meta(i)).isEqualTo(m);
            assertThat(cols.indexOf(m.uid())).isEqualTo(i);
            assertThat(cols.indexOf(m.uid() + 1)).isLessThan(0); // UIDs in the model are at least 2 apart
        }
    }

    @Test void unsignedUidsAndSizesAbove2To31RoundTrip() {
        FlagSets flagSets = new FlagSets();
        MessageMeta big = new MessageMeta(0xFFFF_FFFEL, 7, Set.of("\\Seen"), 0xFFFF_FFF0L, Instant.ofEpochMilli(-86_400_000L));
        MessageColumns cols = MessageColumns.of(flagSets, List.of(
                new MessageMeta(1, 1, Set.of(), 10, Instant.EPOCH), big));
        assertThat(cols.meta(1)).isEqualTo(big);
        assertThat(cols.indexOf(0xFFFF_FFFEL)).isEqualTo(1);
        assertThat(cols.indexOf(0x8000_0000L)).isEqualTo(-2);
    }

    @Test void aVersionSharesTheChunksAnEditDidNotTouch() {
        FlagSets flagSets = new FlagSets();
        List<MessageMeta> ms = new ArrayList<>();
        for (long uid = 1; uid <= 3 * MessageColumns.CHUNK; uid++) ms.add(new MessageMeta(uid, uid, Set.of(), 100, Instant.EPOCH));
        MessageColumns a = MessageColumns.of(flagSets, ms);
        MessageColumns.Editor e = a.edit();
        e.put(new MessageMeta(5, 99_999, Set.of("\\Seen"), 100, Instant.EPOCH));
        MessageColumns b = e.done();
        assertThat(a.flagsId(4)).isEqualTo(flagSets.id(Set.of()));
        assertThat(b.flagsId(4)).isEqualTo(flagSets.id(Set.of("\\Seen")));
        assertThat(a.sameContent(b)).isFalse();
        // Two sessions applying the same change end with equal content, which SharedColumns relies on.
        MessageColumns.Editor e2 = a.edit();
        e2.put(new MessageMeta(5, 99_999, Set.of("\\Seen"), 100, Instant.EPOCH));
        assertThat(e2.done().sameContent(b)).isTrue();
    }

    @Property(tries = 300)
    void recentRangesMatchASet(@ForAll("ranges") List<long[]> ranges, @ForAll("uids") List<Long> present) {
        RecentUids recent = RecentUids.NONE;
        Set<Long> model = new TreeSet<>();
        for (long[] r : ranges) {
            recent = recent.plus(r[0], r[1]);
            for (long u = r[0]; u < r[1]; u++) model.add(u);
        }
        for (long u = 0; u < 70; u++) assertThat(recent.contains(u)).as("uid %d", u).isEqualTo(model.contains(u));
        List<MessageMeta> ms = new TreeSet<>(present).stream()
                .map(u -> new MessageMeta(u, 1, Set.of(), 1, Instant.EPOCH)).toList();
        MessageColumns cols = MessageColumns.of(new FlagSets(), ms);
        assertThat(recent.count(cols)).isEqualTo((int) ms.stream().filter(m -> model.contains(m.uid())).count());
    }

    @Provide Arbitrary<List<long[]>> ranges() {
        return Combinators.combine(Arbitraries.longs().between(1, 60), Arbitraries.longs().between(0, 8))
                .as((from, len) -> new long[] {from, from + len}).list().ofMaxSize(8);
    }

    @Provide Arbitrary<List<Long>> uids() {
        return Arbitraries.longs().between(1, 69).list().ofMaxSize(40);
    }

    @Test void flagRenderingIsCachedPerCombination() {
        FlagSets f = new FlagSets();
        int id = f.id(Set.of("$Junk", "\\Seen", "\\Answered", "bad(word"));
        assertThat(f.id(Set.of("\\Answered", "$Junk", "\\Seen", "bad(word"))).isEqualTo(id);
        assertThat(new String(f.rendered(id, false))).isEqualTo("FLAGS (\\Answered \\Seen $Junk)");
        assertThat(new String(f.rendered(id, true))).isEqualTo("FLAGS (\\Answered \\Seen $Junk \\Recent)");
        assertThat(new String(f.rendered(f.id(Set.of()), true))).isEqualTo("FLAGS (\\Recent)");
        assertThat(f.rendered(id, false)).isSameAs(f.rendered(id, false));
        assertThat(Map.of("seen", f.seen(id), "deleted", f.deleted(id))).containsEntry("seen", true).containsEntry("deleted", false);
    }

    /** The first SELECT's path: rows straight into chunks give the same columns as records edited in. */
    @Test void theBuilderFillsChunksAsEditsDo() {
        FlagSets flagSets = new FlagSets();
        List<Set<String>> shared = List.of(Set.of(), Set.of("\\Seen"), Set.of("$Label", "\\Seen"));
        List<MessageMeta> ms = new ArrayList<>();
        MessageColumns.Builder b = MessageColumns.builder(flagSets);
        for (long uid = 3; ms.size() < 2 * MessageColumns.CHUNK + 5; uid += 2 + uid % 2) {
            MessageMeta m = new MessageMeta(uid, uid * 2, shared.get((int) (uid % 3)), 0xFFFF_FF00L + uid % 7,
                    Instant.ofEpochMilli(1_700_000_000_000L + uid));
            ms.add(m);
            b.add(m.uid(), m.modSeq(), shared.get((int) (uid % 3)), m.size(), m.internalDate().toEpochMilli());
            b.add(m.uid(), 1, Set.of(), 1, 0); // a repeated UID is ignored, as an edit ignores a gap
        }
        MessageColumns built = b.done();
        assertSame(built, ms);
        assertThat(built.sameContent(MessageColumns.of(flagSets, ms))).isTrue();
        assertThat(b.distinctFlags()).containsExactlyInAnyOrderElementsOf(shared);
        // Editable like any version: a change copies one chunk and leaves the built one alone.
        MessageColumns.Editor e = built.edit();
        e.remove(ms.getFirst().uid());
        assertThat(e.done().size()).isEqualTo(ms.size() - 1);
        assertThat(built.size()).isEqualTo(ms.size());
    }
}
