package satchel.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** RFC 8970 preview text ({@link Preview}). */
class PreviewTest {
    private static String preview(String message) {
        return Preview.of(message.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void plainTextWithWhiteSpaceMadeSingleSpaces() {
        assertThat(preview("Subject: x\n\n\n  Hello,\n\n\tthis  is\u00a0a test.  \n")).isEqualTo("Hello, this is a test.");
    }

    @Test
    void alternativePrefersPlainWhereverItIs() {
        assertThat(preview("""
                Content-Type: multipart/alternative; boundary=b

                --b
                Content-Type: text/html

                <p>rich</p>
                --b
                Content-Type: text/plain

                plain
                --b--
                """)).isEqualTo("plain");
    }

    @Test
    void alternativeWithoutPlainTakesHtmlAndMixedTakesTheFirstTextPart() {
        assertThat(preview("""
                Content-Type: multipart/mixed; boundary=m

                --m
                Content-Type: multipart/alternative; boundary=a

                --a
                Content-Type: image/png

                xx
                --a
                Content-Type: text/html

                <div>only html</div>
                --a--
                --m
                Content-Type: text/plain

                second
                --m--
                """)).isEqualTo("only html");
    }

    @Test
    void attachmentsAndAttachedMessagesAreSkipped() {
        assertThat(preview("""
                Content-Type: multipart/mixed; boundary=m

                --m
                Content-Type: text/plain
                Content-Disposition: attachment; filename=notes.txt

                attached notes
                --m
                Content-Type: message/rfc822

                Subject: inner

                inner text
                --m
                Content-Type: text/plain

                the body
                --m--
                """)).isEqualTo("the body");
        assertThat(preview("Content-Type: message/rfc822\n\nSubject: inner\n\ninner text\n")).isEmpty();
        assertThat(preview("Content-Type: application/pdf\n\n%PDF\n")).isEmpty();
        assertThat(preview("Subject: empty\n\n")).isEmpty();
    }

    @Test
    void transferEncodingsAndCharsetsAreUndone() {
        assertThat(preview("Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n"
                + "R3LDvMOfZSBhdXMgQmFzZTY0\n")).isEqualTo("Grüße aus Base64");
        assertThat(preview("Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n"
                + "Caf=C3=A9 soft=\n break\n")).isEqualTo("Café soft break");
        byte[] latin1 = "Content-Type: text/plain; charset=ISO-8859-1\r\n\r\nK\u00f6ln \u00a3 5".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(Preview.of(latin1)).isEqualTo("Köln £ 5");
        // An unknown charset falls back (UTF-8, else windows-1252) instead of failing.
        assertThat(preview("Content-Type: text/plain; charset=x-unknown\n\nnaïve\n")).isEqualTo("naïve");
    }

    @Test
    void htmlBecomesTheTextAReaderSees() {
        assertThat(preview("""
                Content-Type: text/html

                <html><head><title>Title</title><style>p{color:red}</style><script>var a = "<p>";</script></head>
                <body><!-- a <b>comment</b> --><p>Hello&nbsp;<b>W</b>orld&excl; &amp;&#32;&#x41;<br/>next</p>
                <SCRIPT type="x">hidden()</SCRIPT><p>last &unknown; a &lt b</p></body></html>
                """)).isEqualTo("Hello World&excl; & A next last &unknown; a &lt b");
    }

    @Test
    void invisibleCharactersAreDropped() {
        assertThat(preview("Content-Type: text/html\n\n<p>&zwnj;&shy;&#8203;Sale\u0007 now\uFEFF!</p>\n")).isEqualTo("Sale now!");
    }

    @Test
    void atMost200CharactersNeverSplittingACharacter() {
        String emoji = "\uD83D\uDE00"; // one character, two UTF-16 units
        String p = preview("Subject: long\n\n" + "x".repeat(199) + emoji + emoji + " tail\n");
        assertThat(p.codePointCount(0, p.length())).isEqualTo(Preview.MAX_CHARS);
        assertThat(p).endsWith("x" + emoji);
        assertThat(preview("Subject: words\n\n" + "word ".repeat(100))).hasSize(199).endsWith("word");
    }

    @Test
    void aHugePartIsNotDecodedWhole() {
        String huge = "Content-Type: text/html\n\n<div>" + "<span>".repeat(2_000_000) + "late text</div>\n";
        long start = System.nanoTime();
        assertThat(preview(huge)).isEmpty(); // the text comes after the bounded input
        assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
    }
}
