package satchel.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link SearchData#extract} joins the text's pieces once (issue 11); the text must be what appending them to one
 * builder gave, over the MIME corpus (nested messages, encodings, charsets) and malformed input.
 */
class SearchDataTextTest {
    /** The former way: every piece appended to one builder, stopping once it holds MAX_TEXT characters. */
    private static void reference(byte[] b, Part p, StringBuilder out) {
        if (out.length() >= SearchData.MAX_TEXT) return;
        switch (p.body()) {
            case PartBody.Multipart mp -> { for (Part c : mp.parts()) reference(b, c, out); }
            case PartBody.Message m -> {
                Part inner = m.message();
                for (Headers.Field f : Headers.parse(b, inner.headerOffset(), inner.headerOffset() + inner.headerLength())) {
                    if (out.length() >= SearchData.MAX_TEXT) return;
                    out.append(f.name()).append(": ").append(SearchData.decodedValue(b, f)).append('\n');
                }
                reference(b, inner, out);
            }
            case PartBody.Single _ -> {
                if (!p.isText()) return;
                int len = Math.min(p.bodyLength(), SearchData.MAX_TEXT * 12);
                byte[] raw = TransferEncoding.decode(b, p.bodyOffset(), len, p.encoding());
                out.append(Charsets.decode(raw, 0, raw.length, p.param("charset"))).append('\n');
            }
        }
    }

    private static void check(byte[] message) {
        Part root = new MimeParser(message).parse(0, message.length, 0, false);
        StringBuilder expected = new StringBuilder();
        reference(message, root, expected);
        assertThat(SearchData.extract(message, root).text()).isEqualTo(Headers.cut(expected.toString(), SearchData.MAX_TEXT));
    }

    @Test
    void theSameTextAsOneBuilderGave() {
        List<byte[]> messages = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : MimeCorpus.wellFormed().entrySet()) messages.add(e.getValue());
        messages.add(MimeCorpus.eightBitHeaders());
        messages.add(MimeCorpus.bareLf());
        messages.add(MimeCorpus.deepNesting(80));
        messages.add(MimeCorpus.hugeHeader());
        for (long seed = 0; seed < 200; seed++) messages.add(MimeCorpus.random(seed, 4_000));
        // text past MAX_TEXT in several parts, so the cut and the stop between parts both matter
        String big = "x".repeat(SearchData.MAX_TEXT / 2 + 3);
        messages.add(MimeCorpus.crlf("Content-Type: multipart/mixed; boundary=b\n\n--b\n\n" + big + "\n--b\n\n" + big
                + "\n--b\nContent-Type: message/rfc822\n\nSubject: inner\n\n" + big + "\n--b--\n"));
        for (byte[] m : messages) check(m);
    }
}
