package satchel.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static satchel.mime.MimeCorpus.crlf;
import static satchel.session.FetchTesting.fetch;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import satchel.mime.MimeCorpus;
import satchel.protocol.FetchItem;
import satchel.protocol.FetchItem.Partial;
import satchel.protocol.FetchItem.Section;
import satchel.protocol.FetchItem.SectionText;

/** RFC 3501 §6.4.5 / §7.4.2 FETCH items and body sections. */
class FetchRendererTest {
    static final byte[] NESTED = crlf(MimeCorpus.NESTED);
    static final byte[] MIXED_ALT = crlf("""
            Subject: mixed with alternative
            Content-Type: multipart/mixed; boundary=m

            --m
            Content-Type: multipart/alternative; boundary=a

            --a
            Content-Type: text/plain

            plain one-one
            --a
            Content-Type: text/html

            <b>html one-two</b>
            --a--
            --m
            Content-Type: application/octet-stream
            Content-Transfer-Encoding: base64

            AAECAw==
            --m--
            """);

    static FetchItem body(List<Integer> part, SectionText text, String... fields) {
        return new FetchItem.BodySection(new Section(part, text, List.of(fields)), true, null);
    }

    static FetchItem partial(Section s, long origin, long count) {
        return new FetchItem.BodySection(s, false, new Partial(origin, count));
    }

    @Test void metadataItemsInOrderWithoutLoadingContent() {
        var m = new FetchTestMessage(3, 42, 9001, Set.of("\\Seen", "$Forwarded", "\\Answered"), true,
                Instant.parse("2020-03-09T08:07:06Z"), crlf(MimeCorpus.PLAIN));
        String s = fetch(m, new FetchItem.Uid(), new FetchItem.Flags(), new FetchItem.InternalDate(),
                new FetchItem.Rfc822Size(), new FetchItem.ModSeq(), new FetchItem.Envelope(), new FetchItem.BodyStructure(false));
        assertThat(s).startsWith("* 3 FETCH (UID 42 FLAGS (\\Answered \\Seen $Forwarded \\Recent)"
                + " INTERNALDATE \"09-Mar-2020 08:07:06 +0000\" RFC822.SIZE " + m.size() + " MODSEQ (9001) ENVELOPE (");
        assertThat(s).endsWith(" BODY (\"TEXT\" \"PLAIN\" (\"charset\" \"US-ASCII\") NIL NIL \"7BIT\" 55 1))");
        assertThat(m.contentLoads).hasValue(0);
    }

    @Test void bodyItemsLoadContentOnce() {
        var m = FetchTestMessage.of(NESTED);
        fetch(m, body(List.of(1), SectionText.NONE), body(List.of(2), SectionText.MIME), new FetchItem.Rfc822(FetchItem.Rfc822Kind.HEADER));
        assertThat(m.contentLoads).hasValue(1);
    }

    @Test void wholeMessageHeaderAndText() {
        byte[] m = crlf("Subject: hi\n\nbody\n");
        assertThat(fetch(m, body(List.of(), SectionText.NONE))).isEqualTo("* 1 FETCH (BODY[] {21}\r\nSubject: hi\r\n\r\nbody\r\n)");
        assertThat(fetch(m, body(List.of(), SectionText.HEADER))).isEqualTo("* 1 FETCH (BODY[HEADER] {15}\r\nSubject: hi\r\n\r\n)");
        assertThat(fetch(m, body(List.of(), SectionText.TEXT))).isEqualTo("* 1 FETCH (BODY[TEXT] {6}\r\nbody\r\n)");
        assertThat(fetch(m, new FetchItem.Rfc822(FetchItem.Rfc822Kind.FULL), new FetchItem.Rfc822(FetchItem.Rfc822Kind.TEXT)))
                .isEqualTo("* 1 FETCH (RFC822 {21}\r\nSubject: hi\r\n\r\nbody\r\n RFC822.TEXT {6}\r\nbody\r\n)");
        assertThat(fetch(m, new FetchItem.Rfc822(FetchItem.Rfc822Kind.HEADER)))
                .isEqualTo("* 1 FETCH (RFC822.HEADER {15}\r\nSubject: hi\r\n\r\n)");
    }

    @Test void partOneOfASinglePartMessageIsItsBody() {
        byte[] m = crlf("Subject: hi\n\nbody\n");
        assertThat(fetch(m, body(List.of(1), SectionText.NONE))).isEqualTo("* 1 FETCH (BODY[1] {6}\r\nbody\r\n)");
        assertThat(fetch(m, body(List.of(2), SectionText.NONE))).isEqualTo("* 1 FETCH (BODY[2] \"\")");
    }

    @Test void nestedPartsHeadersAndMime() {
        assertThat(fetch(MIXED_ALT, body(List.of(1, 2), SectionText.NONE)))
                .isEqualTo("* 1 FETCH (BODY[1.2] {19}\r\n<b>html one-two</b>)");
        assertThat(fetch(MIXED_ALT, body(List.of(1, 1), SectionText.MIME)))
                .isEqualTo("* 1 FETCH (BODY[1.1.MIME] {28}\r\nContent-Type: text/plain\r\n\r\n)");
        assertThat(fetch(NESTED, body(List.of(2, 1), SectionText.NONE))).isEqualTo("* 1 FETCH (BODY[2.1] {11}\r\ninner plain)");
        assertThat(fetch(NESTED, body(List.of(2, 2), SectionText.NONE))).isEqualTo("* 1 FETCH (BODY[2.2] {17}\r\n<i>inner html</i>)");
        assertThat(fetch(NESTED, body(List.of(2), SectionText.MIME)))
                .isEqualTo("* 1 FETCH (BODY[2.MIME] {61}\r\nContent-Type: message/rfc822\r\nContent-Disposition: inline\r\n\r\n)");
        String innerHeader = "From: Carol <carol@example.net>\r\nTo: ann@example.org\r\nSubject: Inner\r\n"
                + "Date: Mon, 2 Mar 2020 12:00:00 +0000\r\nMessage-ID: <inner@example.net>\r\n"
                + "Content-Type: multipart/alternative; boundary=inner\r\n\r\n";
        assertThat(fetch(NESTED, body(List.of(2), SectionText.HEADER)))
                .isEqualTo("* 1 FETCH (BODY[2.HEADER] {" + innerHeader.length() + "}\r\n" + innerHeader + ")");
        String innerText = "--inner\r\nContent-Type: text/plain\r\n\r\ninner plain\r\n--inner\r\nContent-Type: text/html\r\n\r\n"
                + "<i>inner html</i>\r\n--inner--\r\n";
        assertThat(fetch(NESTED, body(List.of(2), SectionText.TEXT)))
                .isEqualTo("* 1 FETCH (BODY[2.TEXT] {" + innerText.length() + "}\r\n" + innerText + ")");
        assertThat(fetch(NESTED, body(List.of(2, 1, 1), SectionText.NONE))).isEqualTo("* 1 FETCH (BODY[2.1.1] \"\")");
        assertThat(fetch(NESTED, body(List.of(1), SectionText.HEADER))).isEqualTo("* 1 FETCH (BODY[1.HEADER] \"\")");
        assertThat(fetch(NESTED, body(List.of(9), SectionText.NONE))).isEqualTo("* 1 FETCH (BODY[9] \"\")");
    }

    @Test void headerFieldsMatchCaseInsensitivelyAndEchoTheListUpperCased() {
        assertThat(fetch(NESTED, body(List.of(), SectionText.HEADER_FIELDS, "SUBJECT", "to", "X-Absent")))
                .isEqualTo("* 1 FETCH (BODY[HEADER.FIELDS (SUBJECT TO X-ABSENT)] {44}\r\n"
                        + "To: bob@example.net\r\nSubject: Fwd: Lunch\r\n\r\n)");
        assertThat(fetch(crlf("A: 1\nB: 2\n folded\nc: 3\n\nx"), body(List.of(), SectionText.HEADER_FIELDS_NOT, "a", "C")))
                .isEqualTo("* 1 FETCH (BODY[HEADER.FIELDS.NOT (A C)] {17}\r\nB: 2\r\n folded\r\n\r\n)");
        assertThat(fetch(NESTED, body(List.of(2), SectionText.HEADER_FIELDS, "message-id")))
                .isEqualTo("* 1 FETCH (BODY[2.HEADER.FIELDS (MESSAGE-ID)] {35}\r\nMessage-ID: <inner@example.net>\r\n\r\n)");
        assertThat(fetch(crlf("A: 1\n\n"), body(List.of(), SectionText.HEADER_FIELDS, "B")))
                .isEqualTo("* 1 FETCH (BODY[HEADER.FIELDS (B)] {2}\r\n\r\n)");
    }

    @Test void partialsNameTheOriginAndClampAtTheEnd() {
        byte[] m = crlf("Subject: hi\n\nbody\n");
        assertThat(fetch(m, partial(Section.whole(), 0, 7))).isEqualTo("* 1 FETCH (BODY[]<0> {7}\r\nSubject)");
        assertThat(fetch(m, partial(new Section(List.of(), SectionText.TEXT, List.of()), 2, 100)))
                .isEqualTo("* 1 FETCH (BODY[TEXT]<2> {4}\r\ndy\r\n)");
        assertThat(fetch(m, partial(Section.whole(), 21, 10))).isEqualTo("* 1 FETCH (BODY[]<21> \"\")");
        assertThat(fetch(m, partial(Section.whole(), 5000, 10))).isEqualTo("* 1 FETCH (BODY[]<5000> \"\")");
    }

    @Test void binaryUndoesTheTransferEncodingAndUsesLiteral8ForNul() {
        assertThat(fetch(MIXED_ALT, new FetchItem.Binary(List.of(2), true, false, null)))
                .isEqualTo("* 1 FETCH (BINARY[2] ~{4}\r\n\u0000\u0001\u0002\u0003)");
        assertThat(fetch(MIXED_ALT, new FetchItem.Binary(List.of(2), true, true, null))).isEqualTo("* 1 FETCH (BINARY.SIZE[2] 4)");
        byte[] qp = crlf("Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\ncaf=C3=A9\n");
        assertThat(fetch(qp, new FetchItem.Binary(List.of(1), false, false, null)))
                .isEqualTo("* 1 FETCH (BINARY[1] {7}\r\ncafé\r\n)");
        assertThat(fetch(qp, new FetchItem.Binary(List.of(1), false, false, new Partial(3, 2))))
                .isEqualTo("* 1 FETCH (BINARY[1]<3> {2}\r\n" + new String(new byte[] {(byte) 0xc3, (byte) 0xa9}, StandardCharsets.UTF_8) + ")");
        assertThat("café\r\n".getBytes(StandardCharsets.UTF_8)).hasSize(7);
    }

    @Test void binaryOfAnUnknownEncodingIsUnknownCte() {
        byte[] m = crlf("Content-Transfer-Encoding: x-uuencode\n\nbegin 644 f\n");
        assertThatThrownBy(() -> fetch(m, new FetchItem.Binary(List.of(1), true, false, null)))
                .isInstanceOfSatisfying(FetchException.class, e -> assertThat(e.code()).isEqualTo("UNKNOWN-CTE"));
    }

    @Test void junkKeywordsFromTheStoreAreLeftOut() {
        var m = new FetchTestMessage(1, 1, 1, Set.of("ok", "bad word", "(x"), false, Instant.EPOCH, new byte[0]);
        assertThat(fetch(m, new FetchItem.Flags())).isEqualTo("* 1 FETCH (FLAGS (ok))");
    }

    @Test void singleDigitDaysArePadded() {
        var m = new FetchTestMessage(1, 1, 1, Set.of(), false, Instant.parse("2021-01-05T23:59:59Z"), new byte[0]);
        assertThat(fetch(m, new FetchItem.InternalDate())).isEqualTo("* 1 FETCH (INTERNALDATE \"05-Jan-2021 23:59:59 +0000\")");
    }
}
