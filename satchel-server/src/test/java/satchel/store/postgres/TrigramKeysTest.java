package satchel.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import satchel.store.sql.SearchDocument;

/** The index row's keys: exact for Latin-1 trigrams, hashed apart for others, the dedicated headers not twice. */
class TrigramKeysTest {
    private static final int SUBJECT = 0, FROM = 1, HEADERS = 5, BODY = 6;

    private static String[] doc(String subject, String from, String headers, String body) {
        return new String[] {subject, from, "", "", "", headers, body};
    }

    private static int key(int column, String trigram) {
        int[] cps = trigram.codePoints().toArray();
        return TrigramKeys.key(column, cps[0], cps[1], cps[2]);
    }

    @Test
    void latin1TrigramsAreTheirOwnKeysPerColumn() {
        assertThat(TrigramKeys.key(BODY, 'a', 'b', 'c')).isEqualTo(6 << 24 | 'a' << 16 | 'b' << 8 | 'c');
        assertThat(key(BODY, "ßen")).isPositive().isNotEqualTo(key(SUBJECT, "ßen"));
        int[] keys = TrigramKeys.of(doc("", "", "", "abcabc"));
        assertThat(keys).containsExactly(key(BODY, "abc"), key(BODY, "bca"), key(BODY, "cab"));
    }

    @Test
    void otherTrigramsAreHashedBelowZeroAndKeptApartByColumn() {
        assertThat(key(BODY, "οδο")).isNegative().isNotEqualTo(key(SUBJECT, "οδο")).isNotEqualTo(key(BODY, "δοσ"));
        assertThat(key(BODY, "a\uD83D\uDE00b")).isNegative(); // a code point outside the BMP is one of the three
        assertThat(TrigramKeys.of(doc("", "", "", "a\uD83D\uDE00bc"))).containsExactlyInAnyOrder(
                key(BODY, "a\uD83D\uDE00b"), key(BODY, "\uD83D\uDE00bc"));
        // Short columns and NUL are no trouble.
        assertThat(TrigramKeys.of(doc("ab", "", "", "\0\0\0"))).isEmpty();
    }

    @Test
    void trigramsAtAWordsEdgeGetNoKeyAndAreNotAskedFor() {
        assertThat(TrigramKeys.of(doc("", "", "", "to be or\tnot\r\nxyz"))).containsExactlyInAnyOrder(
                key(BODY, "not"), key(BODY, "xyz"));
        assertThat(SearchDocument.trigrams("to be", true)).isEmpty();
        assertThat(SearchDocument.trigrams("to be", false)).hasSize(3);
        assertThat(SearchDocument.trigrams("big apple pie", true)).containsExactly("big", "app", "ppl", "pie");
    }

    @Test
    void keysAreSortedDistinctAndSurviveTheirTextForm() {
        int[] keys = TrigramKeys.of(doc("invoice", "carol", "subject: invoice\nx-a: straße οδος\n",
                "the quarterly numbers, the quarterly numbers \uD83D\uDE00 again"));
        int[] sorted = keys.clone();
        Arrays.sort(sorted);
        assertThat(keys).isEqualTo(sorted).doesNotHaveDuplicates();
        assertThat(TrigramKeys.decode(TrigramKeys.encode(keys))).isEqualTo(keys);
        assertThat(TrigramKeys.decode(TrigramKeys.encode(new int[] {0, -1, Integer.MIN_VALUE, 65535, 65536})))
                .containsExactly(0, -1, Integer.MIN_VALUE, 65535, 65536);
    }

    @Test
    void headersLeaveOutWhatADedicatedColumnHoldsAndTheQueryAsksForBoth() {
        int[] keys = TrigramKeys.of(doc("invoice\n", "carol\n", "subject: invoice\nfrom: carol\nx-tag: lunch\n", ""));
        assertThat(keys).contains(key(SUBJECT, "voi"), key(FROM, "car"), key(HEADERS, "lun"), key(HEADERS, "ct:"))
                .doesNotContain(key(HEADERS, "voi"), key(HEADERS, "car"));
        int[][] q = TrigramKeys.query(List.of("voi"), List.of("headers"));
        assertThat(q).hasDimensions(1, 6);
        assertThat(q[0]).contains(key(SUBJECT, "voi"), key(HEADERS, "voi"));
        assertThat(Arrays.stream(q[0]).anyMatch(k -> Arrays.binarySearch(keys, k) >= 0)).isTrue();
        assertThat(TrigramKeys.query(List.of("voi", "oic"), List.of("headers", "body"))[1]).hasSize(7)
                .contains(key(BODY, "oic"));
        assertThat(TrigramKeys.query(List.of("voi"), List.of("h_subject"))[0]).containsExactly(key(SUBJECT, "voi"));
    }
}
