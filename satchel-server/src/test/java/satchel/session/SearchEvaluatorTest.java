package satchel.session;

import static org.assertj.core.api.Assertions.assertThat;
import static satchel.mime.MimeCorpus.crlf;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import satchel.mime.MimeCorpus;
import satchel.protocol.SearchKey;
import satchel.protocol.SearchKey.DateOp;
import satchel.protocol.SequenceSet;
import satchel.protocol.SequenceSet.Range;

/** RFC 3501 §6.4.4 search keys, one message at a time. */
class SearchEvaluatorTest {
    static final SearchEvaluator.Context CTX = new SearchEvaluator.Context(10, 500, Set.of(101L, 300L));
    static final FetchTestMessage INTL = FetchTestMessage.of(crlf(MimeCorpus.intl()));
    static final FetchTestMessage ALT = FetchTestMessage.of(crlf(MimeCorpus.ALTERNATIVE));
    static final FetchTestMessage GROUPS = FetchTestMessage.of(crlf(MimeCorpus.GROUPS));

    static boolean matches(SearchKey key, MessageData m) {
        return SearchEvaluator.matches(key, m, CTX);
    }

    static FetchTestMessage flagged(Set<String> flags, boolean recent) {
        return new FetchTestMessage(4, 101, 50, flags, recent, Instant.parse("2020-03-09T23:30:00Z"), crlf(MimeCorpus.PLAIN));
    }

    static SearchKey header(String field, String value) { return new SearchKey.Header(field, value); }

    @Test void sequenceSetsBySeqUidStarAndSaved() {
        var m = flagged(Set.of(), false); // seq 4, uid 101
        assertThat(matches(new SearchKey.Sequence(SequenceSet.of(List.of(new Range(2, 4))), false), m)).isTrue();
        assertThat(matches(new SearchKey.Sequence(SequenceSet.of(List.of(new Range(5, SequenceSet.STAR))), false), m)).isFalse();
        assertThat(matches(new SearchKey.Sequence(SequenceSet.of(List.of(new Range(SequenceSet.STAR, 100))), true), m)).isTrue();
        assertThat(matches(new SearchKey.Sequence(SequenceSet.of(List.of(new Range(4, 4))), true), m)).isFalse();
        assertThat(matches(new SearchKey.Sequence(SequenceSet.SAVED, true), m)).isTrue();
        assertThat(SearchEvaluator.matches(new SearchKey.Sequence(SequenceSet.SAVED, false), m,
                new SearchEvaluator.Context(10, 500, Set.of()))).isFalse();
    }

    @Test void flagsKeywordsAndTheirUnForms() {
        var m = flagged(Set.of("\\Seen", "\\Flagged", "$Label1"), false);
        assertThat(matches(new SearchKey.Flag("\\Seen", true), m)).isTrue();
        assertThat(matches(new SearchKey.Flag("\\Deleted", true), m)).isFalse();
        assertThat(matches(new SearchKey.Flag("\\Deleted", false), m)).isTrue();
        assertThat(matches(new SearchKey.Flag("\\Flagged", false), m)).isFalse();
        assertThat(matches(new SearchKey.Flag("$label1", true), m)).isTrue();
        assertThat(matches(new SearchKey.Flag("$LABEL2", false), m)).isTrue();
        assertThat(matches(new SearchKey.All(), m)).isTrue();
    }

    @Test void recentNewAndOld() {
        var recentUnseen = flagged(Set.of(), true);
        var recentSeen = flagged(Set.of("\\Seen"), true);
        var old = flagged(Set.of(), false);
        assertThat(List.of(recentUnseen, recentSeen, old)).map(m -> matches(new SearchKey.New(), m)).containsExactly(true, false, false);
        assertThat(List.of(recentUnseen, recentSeen, old)).map(m -> matches(new SearchKey.Recent(), m)).containsExactly(true, true, false);
        assertThat(List.of(recentUnseen, recentSeen, old)).map(m -> matches(new SearchKey.Old(), m)).containsExactly(false, false, true);
    }

    @Test void addressKeysMatchTheDecodedDisplayForm() {
        assertThat(matches(header("FROM", "andré"), INTL)).isTrue();
        assertThat(matches(header("from", "André Pirard <pirard@VM1"), INTL)).isTrue();
        assertThat(matches(header("To", "山田太郎"), INTL)).isTrue();
        assertThat(matches(header("TO", "=?Shift_JIS"), INTL)).isFalse();
        assertThat(matches(header("CC", "dave, jr."), ALT)).isTrue();
        assertThat(matches(header("CC", "carol"), ALT)).isFalse();
        assertThat(matches(header("BCC", "hidden person"), GROUPS)).isTrue();
        assertThat(matches(header("CC", "friends"), GROUPS)).isTrue();
    }

    @Test void subjectIsDecodedAndFoldedUnicodeAware() {
        assertThat(matches(header("SUBJECT", "GRÜSSE AUS KÖLN"), INTL)).isTrue();
        assertThat(matches(header("SUBJECT", "grüße"), INTL)).isTrue();
        assertThat(matches(header("SUBJECT", "lunch"), INTL)).isFalse();
    }

    @Test void headerWithEmptyValueMatchesPresenceOfTheField() {
        assertThat(matches(header("Message-ID", ""), ALT)).isTrue();
        assertThat(matches(header("X-Absent", ""), ALT)).isFalse();
        assertThat(matches(header("in-reply-to", "PREV@"), ALT)).isTrue();
    }

    @Test void headerSearchReachesFieldsBeyondTheStoredCap() {
        var m = FetchTestMessage.of(MimeCorpus.hugeHeader());
        assertThat(m.structure().searchHeadersTruncated()).isTrue();
        assertThat(matches(header("To", "last@example.org"), m)).isTrue();
        assertThat(matches(header("To", "first@example.org"), m)).isFalse();
    }

    @Test void bodyMatchesDecodedTextInEveryCharsetAndEncoding() {
        assertThat(matches(new SearchKey.Body("CAFÉ CRÈME"), INTL)).isTrue(); // ISO-8859-1 quoted-printable
        assertThat(matches(new SearchKey.Body("straße in münchen"), INTL)).isTrue(); // UTF-8 base64
        assertThat(matches(new SearchKey.Body("ΕΛΛΗΝΙΚΆ"), INTL)).isTrue();
        assertThat(matches(new SearchKey.Body("café at noon? It's a long line that is soft wrapped"), ALT)).isTrue();
        assertThat(matches(new SearchKey.Body("=C3=A9"), ALT)).isFalse();
        assertThat(matches(new SearchKey.Body("Köln"), INTL)).isFalse(); // only in the subject
    }

    @Test void textCoversHeadersAndBody() {
        assertThat(matches(new SearchKey.Text("Köln"), INTL)).isTrue();
        assertThat(matches(new SearchKey.Text("voilà"), INTL)).isTrue();
        assertThat(matches(new SearchKey.Text("nowhere to be found"), INTL)).isFalse();
    }

    @Test void nestedMessageHeadersAreBodyText() {
        var m = FetchTestMessage.of(crlf(MimeCorpus.NESTED));
        assertThat(matches(new SearchKey.Body("inner html"), m)).isTrue();
        assertThat(matches(new SearchKey.Body("Subject: Inner"), m)).isTrue();
        assertThat(matches(header("Subject", "Inner"), m)).isFalse();
    }

    @Test void internalDateComparesTheUtcDay() {
        var m = flagged(Set.of(), false); // 2020-03-09T23:30Z
        LocalDate day = LocalDate.of(2020, 3, 9);
        assertThat(matches(new SearchKey.Date(DateOp.ON, day, false), m)).isTrue();
        assertThat(matches(new SearchKey.Date(DateOp.BEFORE, day, false), m)).isFalse();
        assertThat(matches(new SearchKey.Date(DateOp.BEFORE, day.plusDays(1), false), m)).isTrue();
        assertThat(matches(new SearchKey.Date(DateOp.SINCE, day, false), m)).isTrue();
        assertThat(matches(new SearchKey.Date(DateOp.SINCE, day.plusDays(1), false), m)).isFalse();
    }

    /** RFC 5032: measured from the context's "now" to the exact internal date, not its day. */
    @Test void olderAndYoungerSplitAtNowMinusTheInterval() {
        var m = flagged(Set.of(), false); // 2020-03-09T23:30Z
        Instant now = Instant.parse("2020-03-09T23:30:00Z").plusSeconds(3600);
        var ctx = new SearchEvaluator.Context(10, 500, Set.of(), now);
        var younger = List.of(3599L, 3600L, 3601L).stream()
                .map(s -> SearchEvaluator.matches(new SearchKey.Within(false, s), m, ctx)).toList();
        var older = List.of(3599L, 3600L, 3601L).stream()
                .map(s -> SearchEvaluator.matches(new SearchKey.Within(true, s), m, ctx)).toList();
        // exactly an hour old: OLDER 3600, not YOUNGER 3600, so the two never overlap nor leave a gap
        assertThat(younger).containsExactly(false, false, true);
        assertThat(older).containsExactly(true, true, false);
        assertThat(SearchEvaluator.matches(new SearchKey.Not(new SearchKey.Within(false, 60)), m, ctx)).isTrue();
        assertThat(SearchEvaluator.matches(new SearchKey.Or(new SearchKey.Within(true, 86400),
                new SearchKey.Within(false, 60)), m, ctx)).isFalse();
        // the largest interval a client can send reaches back before the epoch without overflowing
        assertThat(SearchEvaluator.matches(new SearchKey.Within(false, 4294967295L), m, ctx)).isTrue();
    }

    @Test void sentDateUsesTheHeadersOwnDayIgnoringItsZone() {
        // "Sat, 7 Mar 2020 07:07:07 +0900" is 6 March in UTC, but SENTON compares the date as written
        assertThat(matches(new SearchKey.Date(DateOp.ON, LocalDate.of(2020, 3, 7), true), INTL)).isTrue();
        assertThat(matches(new SearchKey.Date(DateOp.BEFORE, LocalDate.of(2020, 3, 7), true), INTL)).isFalse();
        assertThat(matches(new SearchKey.Date(DateOp.SINCE, LocalDate.of(2020, 3, 8), true), INTL)).isFalse();
        // two-digit year (RFC 5322 §4.3) and no weekday
        assertThat(matches(new SearchKey.Date(DateOp.ON, LocalDate.of(2020, 3, 8), true), GROUPS)).isTrue();
        // no Date header: the internal date stands in
        var noDate = FetchTestMessage.of(crlf("Subject: x\n\ny\n")); // internal date 2020-03-09
        assertThat(matches(new SearchKey.Date(DateOp.ON, LocalDate.of(2020, 3, 9), true), noDate)).isTrue();
    }

    @Test void sizesAndModSeq() {
        var m = flagged(Set.of(), false);
        long size = m.size();
        assertThat(matches(new SearchKey.Larger(size - 1), m)).isTrue();
        assertThat(matches(new SearchKey.Larger(size), m)).isFalse();
        assertThat(matches(new SearchKey.Smaller(size + 1), m)).isTrue();
        assertThat(matches(new SearchKey.Smaller(size), m)).isFalse();
        assertThat(matches(new SearchKey.ModSeq(50), m)).isTrue();
        assertThat(matches(new SearchKey.ModSeq(51), m)).isFalse();
    }

    @Test void notOrAndCombine() {
        var m = flagged(Set.of("\\Seen"), false);
        SearchKey seen = new SearchKey.Flag("\\Seen", true), deleted = new SearchKey.Flag("\\Deleted", true);
        assertThat(matches(new SearchKey.Not(seen), m)).isFalse();
        assertThat(matches(new SearchKey.Or(deleted, seen), m)).isTrue();
        assertThat(matches(new SearchKey.Or(deleted, new SearchKey.Not(seen)), m)).isFalse();
        assertThat(matches(new SearchKey.And(List.of(seen, new SearchKey.Not(deleted))), m)).isTrue();
        assertThat(matches(new SearchKey.And(List.of(seen, deleted)), m)).isFalse();
        assertThat(matches(new SearchKey.And(List.of()), m)).isTrue();
    }

    @Test void flagSearchesDoNotLoadContent() {
        var m = flagged(Set.of("\\Seen"), false);
        matches(new SearchKey.And(List.of(new SearchKey.Flag("\\Seen", true), new SearchKey.Body("joe"),
                header("From", "fred"), new SearchKey.Larger(1))), m);
        assertThat(m.contentLoads).hasValue(0);
    }
}
