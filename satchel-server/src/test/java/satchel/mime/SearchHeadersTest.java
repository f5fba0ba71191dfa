package satchel.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The {@link SearchHeaders} row answers every HEADER key it {@link SearchHeaders#covers covers} exactly as the
 * message's whole {@link FoldedSearch} does, after its binary round trip, whatever the names' case or characters
 * (ſ and the Kelvin sign fold to ASCII letters under {@link String#equalsIgnoreCase}).
 */
class SearchHeadersTest {
    @Provide
    Arbitrary<String> piece() {
        return Arbitraries.strings().withChars("aAbBsSßẞΣσςİi\u0307@<>,:; \t\uD83D\uDE00é\u00B5ſ").ofMaxLength(8);
    }

    @Provide
    Arbitrary<String> name() {
        return Arbitraries.of("Subject", "SUBJECT", "subject", "ſubject", "From", "FROM", "fRoM", "To", "TO", "Cc", "CC",
                "cc", "Bcc", "BCC", "Received", "X-ſ", "Reply-To", "Resent-From", "\u212Aeywords", "Keywords", "Tо");
    }

    @Provide
    Arbitrary<SearchData> data() {
        Arbitrary<Param> header = Combinators.combine(name(), piece()).as(Param::new);
        return header.list().ofMaxSize(6).map(h -> new SearchData(h, false, "body text", null));
    }

    @Property(tries = 3000)
    void answersAsTheWholeSearchData(@ForAll("data") SearchData d, @ForAll("name") String field,
                                     @ForAll("piece") String needle) {
        FoldedSearch all = FoldedSearch.of(d);
        FoldedSearch row = FoldedSearch.fromBytes(SearchHeaders.of(all).toBytes());
        if (!SearchHeaders.covers(field)) return;
        String n = SearchFold.fold(needle);
        assertThat(row.header(field, n)).isEqualTo(all.header(field, n));
        assertThat(row.header(field, "")).isEqualTo(all.header(field, "")); // the field exists
        for (Param p : d.headers()) {
            String whole = SearchFold.fold(p.value());
            assertThat(row.header(field, whole)).isEqualTo(all.header(field, whole));
        }
    }

    @Test
    void coversTheFiveFieldsInAnyAsciiCaseOnly() {
        for (String f : new String[] {"Subject", "FROM", "to", "cC", "BCC"}) assertThat(SearchHeaders.covers(f)).isTrue();
        for (String f : new String[] {"ſubject", "Reply-To", "Resent-From", "X-Subject", "Keywords", ""}) {
            assertThat(SearchHeaders.covers(f)).as(f).isFalse();
        }
    }

    @Test
    void aMessageWithHeadersKeptInPartHasNoRow() {
        String huge = "Subject: big\r\nTo: " + "x".repeat(SearchData.MAX_HEADERS + 10) + " needle\r\n\r\nbody\r\n";
        MessageStructure s = MessageStructure.parse(huge.getBytes(StandardCharsets.UTF_8));
        assertThat(s.searchHeadersTruncated()).isTrue();
        assertThat(SearchHeaders.rowOf(s)).isNull();
    }

    @Test
    void keepsEncodedWordsFoldedHeadersAndRepeatedFieldsDecodedAsTheSearchDataDoes() {
        MessageStructure s = MessageStructure.parse(MimeCorpus.crlf("""
                From: =?UTF-8?Q?Zo=C3=AB_M=C3=BCller?= <zoe@example.org>
                From: second@example.org
                To: undisclosed-recipients:;, Team: ann@example.org, "Bob, B." <bob@example.net>;
                Subject: a folded
                 =?ISO-8859-1?Q?Stra=DFe?= subject
                X-Other: not kept

                body
                """));
        FoldedSearch row = FoldedSearch.fromBytes(SearchHeaders.rowOf(s));
        assertThat(row.headers()).extracting(Param::name).containsExactly("From", "From", "To", "Subject");
        assertThat(row.header("FROM", SearchFold.fold("ZOË MÜLLER"))).isTrue();
        assertThat(row.header("from", "second@")).isTrue();
        assertThat(row.header("To", "team: ann@")).isEqualTo(s.foldedSearch().header("To", "team: ann@"));
        assertThat(row.header("Subject", SearchFold.fold("STRASSE"))).isEqualTo(s.foldedSearch().header("Subject", "strasse"));
        assertThat(row.header("Subject", SearchFold.fold("folded Straße subject"))).isTrue();
        assertThat(row.text()).isEmpty();
    }
}
