package satchel.store.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import satchel.mime.FoldedSearch;
import satchel.mime.MessageStructure;
import satchel.mime.MimeCorpus;

/**
 * Search data is deflated straight from the folded text as it is encoded (issue 11), with pooled compressors: what
 * is stored must inflate to exactly {@link FoldedSearch#toBytes}, whatever the message, and one use of a pooled
 * compressor must not leak into the next.
 */
class SearchDataDeflateTest {
    @Test
    void inflatesToTheFoldedFormOfEveryMessage() {
        Map<String, byte[]> corpus = new LinkedHashMap<>(MimeCorpus.wellFormed());
        corpus.put("eight-bit headers", MimeCorpus.eightBitHeaders());
        corpus.put("bare LF", MimeCorpus.bareLf());
        corpus.put("deep nesting", MimeCorpus.deepNesting(40));
        corpus.put("huge header", MimeCorpus.hugeHeader());
        corpus.put("random", MimeCorpus.random(7, 20_000));
        // Longer than every buffer on the way (the 1 KiB gathering one, the 8 KiB first output), and then some.
        corpus.put("long text", MimeCorpus.crlf("Subject: long\n\n" + "Grüße aus Köln, σίγμα ς, line of text. ".repeat(12_000)));
        for (var e : corpus.entrySet()) {
            FoldedSearch folded = MessageStructure.parse(e.getValue()).foldedSearch();
            byte[] stored = Derived.deflate(folded);
            assertThat(Derived.inflate(stored)).as(e.getKey()).isEqualTo(folded.toBytes());
            // The same compressor, pooled and reset, gives the same bytes again; so does the array form.
            assertThat(Derived.deflate(folded)).as(e.getKey()).isEqualTo(stored);
            assertThat(Derived.deflate(folded.toBytes())).as(e.getKey()).isEqualTo(stored);
            // Uncompressed, in zlib's stored blocks (SQLite): inflated alike, whole or by prefix, from either form.
            byte[] plain = Derived.stored(folded);
            assertThat(Derived.inflate(plain)).as(e.getKey()).isEqualTo(folded.toBytes());
            assertThat(Derived.stored(folded.toBytes())).as(e.getKey()).isEqualTo(plain);
            try (Derived.Inflating inflating = new Derived.Inflating()) {
                inflating.inflatePrefix(plain, 10);
                assertThat(inflating.length()).isGreaterThanOrEqualTo(Math.min(10, folded.toBytes().length));
                byte[] all = inflating.more(Integer.MAX_VALUE);
                assertThat(java.util.Arrays.copyOf(all, inflating.length())).isEqualTo(folded.toBytes());
                assertThat(inflating.finished()).isTrue();
            }
        }
    }

    /** Stored blocks hold at most 65,535 bytes: lengths around one and two blocks, and none at all. */
    @Test
    void storedBlocksSplitAtTheirLimit() {
        java.util.Random random = new java.util.Random(11);
        for (int n : new int[] {0, 1, 65_534, 65_535, 65_536, 131_070, 131_071, 200_000}) {
            byte[] b = new byte[n];
            random.nextBytes(b);
            byte[] plain = Derived.stored(b);
            // Header, 5 bytes per block of at least 16 KiB, the checksum: no compression, little overhead.
            assertThat(plain.length).as("%d bytes", n).isBetween(n + 11, n + 11 + 5 * (n / 16_384));
            assertThat(Derived.inflate(plain)).as("%d bytes", n).isEqualTo(b);
        }
    }
}
