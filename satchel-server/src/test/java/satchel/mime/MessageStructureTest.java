package satchel.mime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static satchel.mime.MimeCorpus.crlf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parsing, part numbering, search data, robustness and serialisation of {@link MessageStructure}. */
class MessageStructureTest {
    static Map<String, byte[]> everything() {
        Map<String, byte[]> all = new LinkedHashMap<>(MimeCorpus.wellFormed());
        all.put("missing-final-boundary", crlf(MimeCorpus.MISSING_FINAL_BOUNDARY));
        all.put("no-boundary", crlf(MimeCorpus.NO_BOUNDARY));
        all.put("8bit-headers", MimeCorpus.eightBitHeaders());
        all.put("bare-lf", MimeCorpus.bareLf());
        all.put("nesting-200", MimeCorpus.deepNesting(200));
        all.put("huge-header", MimeCorpus.hugeHeader());
        all.put("empty", new byte[0]);
        all.put("no-blank-line", MimeCorpus.NO_BLANK_LINE.getBytes(StandardCharsets.US_ASCII));
        for (int seed = 0; seed < 50; seed++) all.put("random-" + seed, MimeCorpus.random(seed, 1 + seed * 97));
        return all;
    }

    @Test void everyInputParsesWithinBoundsAndRoundTrips() {
        everything().forEach((name, bytes) -> {
            MessageStructure s = MessageStructure.parse(bytes);
            assertWithin(s.root(), 0, bytes.length, name);
            assertThat(MessageStructure.fromBytes(s.toBytes())).as(name).isEqualTo(s);
            assertThat(MessageStructure.fromBytes(s.toBytes()).toBytes()).as(name).isEqualTo(s.toBytes());
        });
    }

    /** Each part's header and body lie inside its parent, header directly before body. */
    private static void assertWithin(Part p, int from, int to, String name) {
        assertThat(p.headerOffset()).as(name).isBetween(from, to);
        assertThat(p.bodyOffset()).as(name).isEqualTo(p.headerOffset() + p.headerLength());
        assertThat(p.bodyOffset() + p.bodyLength()).as(name).isBetween(p.bodyOffset(), to);
        switch (p.body()) {
            case PartBody.Multipart mp -> {
                assertThat(mp.parts()).as(name).isNotEmpty();
                for (Part c : mp.parts()) assertWithin(c, p.bodyOffset(), p.bodyOffset() + p.bodyLength(), name);
            }
            case PartBody.Message m -> {
                assertThat(m.message().headerOffset()).isEqualTo(p.bodyOffset());
                assertWithin(m.message(), p.bodyOffset(), p.bodyOffset() + p.bodyLength(), name);
            }
            case PartBody.Single _ -> { }
        }
    }

    @Test void partsAreSlicesOfTheStoredBytes() {
        byte[] m = crlf(MimeCorpus.NESTED);
        MessageStructure s = MessageStructure.parse(m);
        assertThat(slice(m, s.part(List.of(1)).orElseThrow())).isEqualTo("Forwarding this.");
        assertThat(slice(m, s.part(List.of(2, 2)).orElseThrow())).isEqualTo("<i>inner html</i>");
        assertThat(s.part(List.of(3))).isEmpty();
        assertThat(s.part(List.of(0))).isEmpty();
        assertThat(s.part(List.of(1, 1))).isEmpty();
        Part plain = MessageStructure.parse(crlf(MimeCorpus.PLAIN)).part(List.of(1)).orElseThrow();
        assertThat(plain).isEqualTo(MessageStructure.parse(crlf(MimeCorpus.PLAIN)).root());
    }

    private static String slice(byte[] m, Part p) {
        return new String(m, p.bodyOffset(), p.bodyLength(), StandardCharsets.UTF_8);
    }

    @Test void filenamesAreDecodedFromRfc2231AndRfc2047() {
        MessageStructure s = MessageStructure.parse(crlf(MimeCorpus.MIXED));
        assertThat(s.part(List.of(2)).orElseThrow().filename()).isEqualTo("report.pdf");
        assertThat(s.part(List.of(3)).orElseThrow().filename()).isEqualTo("résumé.txt");
        byte[] cont = crlf("Content-Type: application/octet-stream\nContent-Disposition: attachment;\n"
                + " filename*0*=utf-8''%C3%BCber; filename*1=\" lang.txt\"\n\nx");
        assertThat(MessageStructure.parse(cont).root().filename()).isEqualTo("über lang.txt");
        byte[] encoded = crlf("Content-Type: image/png; name=\"=?UTF-8?Q?Gr=C3=BC=C3=9Fe.png?=\"\n\nx");
        assertThat(MessageStructure.parse(encoded).root().filename()).isEqualTo("Grüße.png");
    }

    @Test void searchHeadersAreDecodedInOrder() {
        MessageStructure s = MessageStructure.parse(crlf(MimeCorpus.intl()));
        assertThat(s.searchHeaders().subList(0, 3)).containsExactly(
                new Param("From", "André Pirard <PIRARD@vm1.ulg.ac.be>"),
                new Param("To", "山田太郎 <yamada@example.jp>"),
                new Param("Subject", "Grüße aus Köln"));
        assertThat(s.searchText()).contains("Voilà le café crème.", "Straße in München, Ελληνικά");
    }

    @Test void searchTextIsCapped() {
        StringBuilder b = new StringBuilder("Content-Type: text/plain\n\n");
        for (int i = 0; i < 40_000; i++) b.append("0123456789\n");
        MessageStructure s = MessageStructure.parse(crlf(b.toString()));
        assertThat(s.searchText()).hasSize(256 * 1024).startsWith("0123456789\r\n0123456789\r\n");
    }

    @Test void capsDoNotSplitSurrogatePairs() {
        String emoji = "😀".repeat(MimeParser.MAX_FIELD); // two chars each: the cut falls between a pair
        MessageStructure s = MessageStructure.parse(crlf("Subject: " + emoji + "\n\nx"));
        assertThat(s.envelope().subject()).hasSize(MimeParser.MAX_FIELD);
        assertThat(MessageStructure.fromBytes(s.toBytes())).isEqualTo(s);
    }

    @Test void tooManyPartsStopsSplitting() {
        StringBuilder b = new StringBuilder("Content-Type: multipart/mixed; boundary=p\n\n");
        for (int i = 0; i < MimeParser.MAX_PARTS + 50; i++) b.append("--p\n\nx\n");
        b.append("--p--\n");
        MessageStructure s = MessageStructure.parse(crlf(b.toString()));
        assertThat(((PartBody.Multipart) s.root().body()).parts()).hasSize(MimeParser.MAX_PARTS - 1);
    }

    @Test void fromBytesRejectsGarbage() {
        assertThatThrownBy(() -> MessageStructure.fromBytes(new byte[] {9, 1, 2})).isInstanceOf(IllegalArgumentException.class);
        byte[] good = MessageStructure.parse(crlf(MimeCorpus.MIXED)).toBytes();
        List<Integer> cuts = new ArrayList<>();
        for (int i = 0; i < good.length; i += 7) cuts.add(i);
        for (int cut : cuts) {
            assertThatThrownBy(() -> MessageStructure.fromBytes(java.util.Arrays.copyOf(good, cut)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test void lineCountsAndSizesAreOfTheStoredOctets() {
        Part crlfRoot = MessageStructure.parse(crlf("Subject: x\n\na\nb\nc")).root();
        assertThat(crlfRoot.bodyLength()).isEqualTo(7);
        assertThat(crlfRoot.body()).isEqualTo(new PartBody.Single(2)); // the last line has no line end
        Part lfRoot = MessageStructure.parse("Subject: x\n\na\nb\nc\n".getBytes(StandardCharsets.US_ASCII)).root();
        assertThat(lfRoot.bodyLength()).isEqualTo(6);
        assertThat(lfRoot.body()).isEqualTo(new PartBody.Single(3));
    }
}
