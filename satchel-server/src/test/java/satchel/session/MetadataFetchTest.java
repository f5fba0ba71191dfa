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

    @Provide Arbitrary<List<FetchItem>> items() {
        return Arbitraries.of(ALL).list().ofMinSize(1).ofMaxSize(5).uniqueElements(Object::getClass);
    }
}
