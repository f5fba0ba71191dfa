package satchel.store.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Runs keep exactly the column's trigrams (of code points), and are shorter when the text repeats itself; words (the
 * SQLite index's row) are those trigrams, each once.
 */
class TrigramRunsTest {
    private static final String[] PIECES = {"a", "b", "ab", "abc", " ", "\r\n", "meeting ", "invoice ", "😀", "ß",
        "σ", "\0", "e\u0301", "x", "::"};

    @Property(tries = 500)
    void sameTrigramsAsTheText(@ForAll("texts") String text) {
        String row = TrigramRuns.of(text);
        assertThat(trigrams(row)).containsAll(trigrams(text));
        // The joins add trigrams with NUL only, which no query has (SearchDocument.trigrams)
        assertThat(withoutNul(trigrams(row))).isEqualTo(withoutNul(trigrams(text)));
    }

    /**
     * The SQLite index's row: each distinct trigram once, as a word the ascii tokenizer keeps whole and unchanged, and
     * different trigrams (Latin-1, BMP, beyond it, with NUL) never share a word; a query's trigram gets the same word.
     */
    @Property(tries = 500)
    void wordsAreTheTextsOwnTrigramsEachOnce(@ForAll("texts") String text) {
        List<String> words = words(TrigramRuns.words(text));
        Set<String> expected = new HashSet<>();
        for (String g : trigrams(text)) expected.add(TrigramRuns.word(g));
        assertThat(words).doesNotHaveDuplicates().hasSameSizeAs(trigrams(text));
        assertThat(new HashSet<>(words)).isEqualTo(expected);
        for (String w : words) assertThat(w).matches("[0-9a-v]{5}|[0-9a-v]{10}|[0-9a-v]{13}");
    }

    /**
     * The row of schema version 18: each column's words, each led by the column's digit, so the same trigram in two
     * columns is two words and a word says its column; columns of any kind side by side (a set reused across them).
     */
    @Property(tries = 300)
    void columnWordsAreEachColumnsWordsLedByItsDigit(@ForAll("texts") String a, @ForAll("texts") String b,
                                                     @ForAll("texts") String c) {
        String[] columns = {a, b, c};
        List<String> expected = new java.util.ArrayList<>();
        for (int i = 0; i < columns.length; i++) {
            for (String w : words(TrigramRuns.words(columns[i]))) expected.add((char) ('0' + i) + w);
        }
        List<String> row = words(TrigramRuns.columnWords(columns));
        assertThat(row).isEqualTo(expected).doesNotHaveDuplicates();
        for (String w : row) assertThat(w).matches("[0-2]([0-9a-v]{5}|[0-9a-v]{10}|[0-9a-v]{13})");
    }

    /**
     * The SQLite index's row since December 8: each column's words without the trigrams that hold a space or a
     * control character, exactly the trigrams a query asks for ({@code SearchDocument.trigrams(folded, true)}).
     */
    @Property(tries = 300)
    void spacelessColumnWordsAreTheTrigramsAQueryAsksFor(@ForAll("texts") String a, @ForAll("texts") String b) {
        String[] columns = {a, b};
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < columns.length; i++) {
            for (String g : trigrams(columns[i])) {
                if (g.codePoints().allMatch(cp -> cp > ' ')) expected.add((char) ('0' + i) + TrigramRuns.word(g));
            }
        }
        List<String> row = words(TrigramRuns.columnWords(columns, true));
        assertThat(row).doesNotHaveDuplicates();
        assertThat(new HashSet<>(row)).isEqualTo(expected);
        // What a query of a column's text asks for is in the row (with NUL a query asks for nothing).
        for (int i = 0; i < columns.length; i++) {
            for (String g : SearchDocument.trigrams(columns[i], true)) {
                assertThat(row).contains((char) ('0' + i) + TrigramRuns.word(g));
            }
        }
    }

    @Test
    void spacelessColumnWordsLeaveOutTrigramsWithASpaceOrALineBreak() {
        assertThat(TrigramRuns.columnWords(new String[] {"ab cd\r\nefg"}, true))
                .isEqualTo("0" + TrigramRuns.word("efg") + " ");
        assertThat(TrigramRuns.columnWords(new String[] {"ab cd"}, true)).isEmpty();
    }

    @Test
    void columnWordsOfTheSameTrigramInTwoColumnsDiffer() {
        String abc = TrigramRuns.word("abc");
        assertThat(TrigramRuns.columnWords(new String[] {"abc", "", "xabc"}))
                .isEqualTo("0" + abc + " 2" + TrigramRuns.word("xab") + " 2" + abc + " ");
        assertThat(TrigramRuns.columnWords(new String[] {"", "ab"})).isEmpty();
    }

    @Test
    void wordsOfShortTextAndOfEachKindOfTrigram() {
        assertThat(TrigramRuns.words("")).isEmpty();
        assertThat(TrigramRuns.words("ab")).isEmpty();
        assertThat(TrigramRuns.words("abcabc")).isEqualTo(TrigramRuns.word("abc") + " " + TrigramRuns.word("bca") + " "
                + TrigramRuns.word("cab") + " ");
        assertThat(TrigramRuns.word("abc")).hasSize(5);
        assertThat(TrigramRuns.word("aσc")).hasSize(10);
        assertThat(TrigramRuns.word("a😀c")).hasSize(13);
        assertThat(TrigramRuns.word("\0\0a")).isEqualTo("00031"); // 0x000061 in base 32
    }

    @Test
    void repeatedTextShrinksToItsDistinctTrigrams() {
        String text = "meeting invoice report lunch\r\n".repeat(200) + "the xylophone arrives tomorrow\r\n"
                + "meeting invoice report lunch\r\n".repeat(100);
        String row = TrigramRuns.of(text);
        assertThat(row.length()).isLessThan(120);
        assertThat(row).contains("xylophone arrives tomorrow");
        assertThat(trigrams(row)).containsAll(trigrams(text));
    }

    /**
     * The table is reused from call to call and emptied by numbering its uses, which wrap after 32,767: texts after a
     * long one, after a wide one and across the wrap still give exactly their own trigrams.
     */
    @Test
    void aReusedTableForgetsEveryEarlierText() {
        String longText = "meeting invoice report lunch budget ".repeat(40) + "xylophone";
        for (int i = 0; i < 40_000; i++) {
            String text = switch (i % 4) {
                case 0 -> "inv" + i + "oice";
                case 1 -> "σσ meeting " + i;
                case 2 -> longText.substring(i % 100);
                default -> "😀 abc " + i + " abc";
            };
            String row = TrigramRuns.of(text);
            assertThat(withoutNul(trigrams(row))).as(text).isEqualTo(withoutNul(trigrams(text)));
            assertThat(words(TrigramRuns.words(text))).as(text).hasSameSizeAs(trigrams(text));
        }
    }

    @Test
    void shortTextIsKept() {
        assertThat(TrigramRuns.of("")).isEmpty();
        assertThat(TrigramRuns.of("abcab")).isEqualTo("abcab");
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.of(PIECES).list().ofMaxSize(80).map(l -> String.join("", l));
    }

    private static Set<String> trigrams(String s) {
        int[] cps = s.codePoints().toArray();
        Set<String> out = new HashSet<>();
        for (int i = 0; i + 3 <= cps.length; i++) out.add(new String(cps, i, 3));
        return out;
    }

    private static List<String> words(String row) {
        return row.isEmpty() ? List.of() : List.of(row.split(" "));
    }

    private static Set<String> withoutNul(Set<String> grams) {
        Set<String> out = new HashSet<>(grams);
        out.removeIf(g -> g.indexOf('\0') >= 0);
        return out;
    }
}
