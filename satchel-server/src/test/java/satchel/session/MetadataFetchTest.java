package satchel.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import satchel.protocol.FetchItem;
import satchel.store.MessageMeta;
import satchel.wire.Response;
import satchel.wire.ResponseWriter;

/** The column renderer writes byte for byte what FetchRenderer writes for the same items and messages. */
class MetadataFetchTest {
    private static final List<Set<String>> FLAGS = List.of(Set.of(), Set.of("\\Seen"),
            Set.of("\\Seen", "\\Answered", "$Forwarded", "\\Draft"), Set.of("zeta", "Alpha", "\\Flagged", "\\Deleted"));
    private static final List<FetchItem> ALL = List.of(new FetchItem.Uid(), new FetchItem.Flags(),
            new FetchItem.Rfc822Size(), new FetchItem.InternalDate(), new FetchItem.ModSeq());

    @Provide Arbitrary<Long> dates() {
        // 1 Jan 0001 to 31 Dec 9999, plus the edges of leap years and of the epoch.
        return Arbitraries.oneOf(Arbitraries.longs().between(-62_135_596_800_000L, 253_402_300_799_999L),
                Arbitraries.of(0L, -1L, 951_782_400_000L, 951_868_799_999L, 4_107_542_400_000L, -2_208_988_800_000L));
    }

    @Provide Arbitrary<Long> numbers() {
        // Every digit count, each side of the int range that takes the two-digits-per-division path.
        List<Long> edges = new ArrayList<>();
        for (long p = 1; p > 0 && p <= Long.MAX_VALUE / 10 * 10; p *= 10) {
            edges.add(p - 1);
            edges.add(p);
            edges.add(p + 1);
            if (p > Long.MAX_VALUE / 10) break;
        }
        edges.addAll(List.of((long) Integer.MAX_VALUE, Integer.MAX_VALUE + 1L, 4_294_967_295L, Long.MAX_VALUE, -1L, -100L));
        return Arbitraries.oneOf(Arbitraries.of(edges), Arbitraries.longs().between(0, 4_294_967_295L),
                Arbitraries.longs().between(Long.MIN_VALUE + 1, Long.MAX_VALUE));
    }

    @Property(tries = 1000)
    void numbersAsLongToString(@ForAll("numbers") long n) throws Exception {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        Replies out = new Replies(new ResponseWriter(wire));
        MetadataFetch w = new MetadataFetch();
        w.put((byte) '<').number(n).put((byte) '>');
        w.drain(out);
        assertThat(wire.toString(StandardCharsets.US_ASCII)).isEqualTo("<" + n + ">");
    }

    @Property(tries = 500)
    void sameBytesAsTheGeneralRenderer(@ForAll("dates") long date, @ForAll("items") List<FetchItem> items,
                                       @ForAll boolean uidOnly) throws Exception {
        FlagSets flagSets = new FlagSets();
        List<MessageMeta> ms = new ArrayList<>();
        for (int i = 0; i < FLAGS.size(); i++) {
            ms.add(new MessageMeta(10L * i + 3, 100 + i, FLAGS.get(i), 1234L * i, Instant.ofEpochMilli(date + 7_777_777L * i)));
        }
        // Messages with UID 13 and up are \Recent.
        Selection sel = Selection.all(MessageColumns.of(flagSets, ms), RecentUids.NONE.plus(13, 1000));
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        Replies out = new Replies(new ResponseWriter(wire));
        MetadataFetch.write(out, sel, items, uidOnly);
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < sel.size(); i++) {
            MessageMeta m = ms.get(i);
            var msg = new FetchTestMessage(i + 1, m.uid(), m.modSeq(), m.flags(), m.uid() >= 13, m.internalDate(),
                    new byte[(int) m.size()]);
            var r = FetchStart.of(i + 1, m.uid(), uidOnly);
            FetchRenderer.render(r, items, msg);
            expected.append(r).append("\r\n");
        }
        assertThat(wire.toString(StandardCharsets.UTF_8)).isEqualTo(expected.toString());
    }

    /**
     * Strings go out exactly as {@link Response#writeString} writes them (quoted, escaped, or a literal for 8-bit,
     * CR, LF, NUL or more than 1,024 bytes), whichever of MetadataFetch's paths they take; at an offset, after
     * other bytes in the buffer, and past its first growth.
     */
    @Property(tries = 300)
    void stringsAsTheResponseWriterWritesThem(@ForAll("strings") byte[] s, @ForAll("prefixes") int prefix)
            throws Exception {
        MetadataFetch w = new MetadataFetch();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int i = 0; i < prefix; i++) {
            w.put((byte) 'p');
            expected.write('p');
        }
        byte[] padded = new byte[s.length + 3];
        System.arraycopy(s, 0, padded, 2, s.length);
        w.string(padded, 2, s.length);
        Response.writeString(s, 0, s.length, new Response.Sink() {
            @Override public void write(int b) { expected.write(b); }

            @Override public void write(byte[] b, int off, int n) { expected.write(b, off, n); }
        });
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        w.drain(new Replies(new ResponseWriter(wire)));
        assertThat(wire.toByteArray()).isEqualTo(expected.toByteArray());
    }

    @Provide Arbitrary<byte[]> strings() {
        Arbitrary<Byte> plain = Arbitraries.bytes().between((byte) 0x20, (byte) 0x7e);
        Arbitrary<Byte> odd = Arbitraries.of((byte) '"', (byte) '\\', (byte) '\r', (byte) '\n', (byte) 0, (byte) '\t',
                (byte) 0x7f, (byte) 0xc3, (byte) 0xa9, (byte) 0xff);
        Arbitrary<Byte> any = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(30, plain), net.jqwik.api.Tuple.of(1, odd));
        Arbitrary<Integer> sizes = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(20, Arbitraries.integers().between(0, 80)),
                net.jqwik.api.Tuple.of(4, Arbitraries.of(1023, 1024, 1025)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(60_000, 70_000)));
        return sizes.flatMap(n -> any.array(byte[].class).ofSize(n));
    }

    @Provide Arbitrary<Integer> prefixes() {
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(10, Arbitraries.of(0, 1)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(65_000, 65_536)));
    }

    /** Columns read in order, out of order and across chunks give each message's own values (the chunk hint). */
    @Property(tries = 100)
    void columnsReadInAnyOrder(@ForAll("orders") List<Integer> order) {
        List<MessageMeta> ms = new ArrayList<>();
        for (int i = 0; i < 50; i++) ms.add(new MessageMeta(2L * i + 1, 7L * i, Set.of(), 100L + i, Instant.ofEpochMilli(1000L * i)));
        MessageColumns.Editor e = MessageColumns.empty(new FlagSets(), 4).edit();
        ms.forEach(e::put);
        MessageColumns cols = e.done();
        for (int i : order) {
            assertThat(cols.uid(i)).isEqualTo(2L * i + 1);
            assertThat(cols.size(i)).isEqualTo(100L + i);
            assertThat(cols.modSeq(i)).isEqualTo(7L * i);
        }
    }

    @Provide Arbitrary<List<Integer>> orders() {
        return Arbitraries.integers().between(0, 49).list().ofMinSize(1).ofMaxSize(200);
    }

    @Provide Arbitrary<List<FetchItem>> items() {
        return Arbitraries.of(ALL).list().ofMinSize(1).ofMaxSize(5).uniqueElements(Object::getClass);
    }
}
