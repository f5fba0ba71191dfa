package satchel.mime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Combinators;
import org.junit.jupiter.api.Test;

/**
 * {@link FoldedSearch} answers exactly what folding both sides on every search answered (the check it replaces),
 * before and after its binary round trip, for any text: lone surrogates, final sigma, ß, and needles that cross
 * a header line's ": ".
 */
class FoldedSearchTest {
    private static boolean oldHeader(SearchData d, String field, String value) {
        String needle = SearchFold.fold(value);
        for (Param h : d.headers()) {
            if (h.name().equalsIgnoreCase(field) && SearchFold.fold(h.value()).contains(needle)) return true;
        }
        return false;
    }

    private static boolean oldText(SearchData d, String text) {
        String needle = SearchFold.fold(text);
        for (Param h : d.headers()) if (SearchFold.headerLine(h).contains(needle)) return true;
        return SearchFold.fold(d.text()).contains(needle);
    }

    private static boolean oldBody(SearchData d, String text) {
        return SearchFold.fold(d.text()).contains(SearchFold.fold(text));
    }

    @Provide
    Arbitrary<String> piece() {
        return Arbitraries.strings().withChars("aAbBsSßẞΣσςΟοİi\u0307: \t\uD83D\uDE00\uD83D\uDE00é\u00B5ſ").ofMaxLength(8);
    }

    @Provide
    Arbitrary<SearchData> data() {
        Arbitrary<Param> header = Combinators.combine(Arbitraries.of("Subject", "FROM", "x-ſ", "To"), piece())
                .as(Param::new);
        return Combinators.combine(header.list().ofMaxSize(4), piece().list().ofMaxSize(4))
                .as((h, t) -> new SearchData(h, false, String.join(" ", t), null));
    }

    @Property(tries = 2000)
    void answersAsFoldingEverySearchDid(@ForAll("data") SearchData d, @ForAll("piece") String needle,
                                        @ForAll("piece") String field) {
        FoldedSearch f = FoldedSearch.of(d);
        FoldedSearch loaded = FoldedSearch.fromBytes(f.toBytes());
        assertThat(loaded).isEqualTo(f);
        String n = SearchFold.fold(needle);
        for (FoldedSearch x : List.of(f, loaded)) {
            assertThat(x.body(n)).isEqualTo(oldBody(d, needle));
            assertThat(x.text(n)).isEqualTo(oldText(d, needle));
            for (String name : List.of("subject", "from", field)) {
                assertThat(x.header(name, n)).isEqualTo(oldHeader(d, name, needle));
            }
        }
    }

    /**
     * HEADER SEARCH loads only the header fields, from as much of the stored form as has been inflated: any prefix
     * gives either nothing (read further) or exactly the header fields, which answer HEADER keys as the whole does.
     */
    @Property(tries = 500)
    void headersFromAnyPrefixAnswerAsTheWhole(@ForAll("data") SearchData d, @ForAll("piece") String needle,
                                              @ForAll("piece") String field) {
        FoldedSearch whole = FoldedSearch.of(d);
        byte[] bytes = whole.toBytes();
        String n = SearchFold.fold(needle);
        boolean found = false;
        for (int len = 0; len <= bytes.length; len++) {
            FoldedSearch h = FoldedSearch.headersOnly(bytes, len);
            if (h == null) {
                assertThat(found).as("a longer prefix than one that had the headers").isFalse();
                continue;
            }
            found = true;
            assertThat(h.headers()).isEqualTo(whole.headers());
            for (String name : List.of("subject", "from", field)) {
                assertThat(h.header(name, n)).isEqualTo(whole.header(name, n));
            }
            assertThatThrownBy(() -> h.body(n)).isInstanceOf(IllegalStateException.class);
        }
        assertThat(found).isTrue();
    }

    @Test
    void headersOnlyLeavesTheOlderFormToAWholeRead() {
        byte[] unfolded = StructureCodec.writeSearch(new SearchData(List.of(new Param("Subject", "Hi")), false, "x", null));
        assertThat(FoldedSearch.headersOnly(unfolded, unfolded.length)).isNull();
    }

    @Test
    void loneSurrogatesSurviveTheRoundTrip() {
        SearchData d = new SearchData(List.of(new Param("Subject", "a\uD800b")), false, "x\uDC00y \uD83D\uDE00", null);
        FoldedSearch loaded = FoldedSearch.fromBytes(FoldedSearch.of(d).toBytes());
        assertThat(loaded.text()).isEqualTo("x\uDC00y \uD83D\uDE00");
        assertThat(loaded.header("subject", "\uD800")).isTrue();
        assertThat(loaded.body("\uDC00y")).isTrue();
        assertThat(loaded.body("\uD83D")).isTrue(); // as String.contains: half of a pair matches
    }

    @Test
    void theUnfoldedFormIsReadAndFolded() {
        MessageStructure s = MessageStructure.parse(MimeCorpus.crlf("Subject: GRÜSSE\n\nStraße\n"));
        assertThat(FoldedSearch.isFolded(s.searchDataBytes())).isFalse();
        FoldedSearch f = FoldedSearch.fromBytes(s.searchDataBytes());
        assertThat(f).isEqualTo(s.foldedSearch());
        assertThat(f.body("strasse")).isTrue();
        assertThat(FoldedSearch.isFolded(f.toBytes())).isTrue();
    }

    @Test
    void corruptBytesAreRefused() {
        assertThatThrownBy(() -> FoldedSearch.fromBytes(new byte[] {2, 5})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FoldedSearch.fromBytes(new byte[] {9})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FoldedSearch.fromBytes(new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }
}
