package satchel.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import satchel.TestClient;
import satchel.embedded.Satchel;
import satchel.mime.MessageStructure;
import satchel.mime.MimeCorpus;
import satchel.mime.RenderedStructure;
import satchel.mime.StructureWire;
import satchel.wire.Response;

/**
 * ENVELOPE, BODY and BODYSTRUCTURE written straight from the stored structure bytes ({@link StructureWire},
 * {@link StructureFetch}: the SQL stores) are byte for byte what the record writer ({@link BodyStructureWriter},
 * the memory store's path, and every store's before) writes, over a corpus of well-formed, broken and odd messages:
 * NIL against "", quoting against literals (8-bit, CR, long strings, quotes and backslashes), nested multiparts,
 * message/rfc822 parts, extension data (RFC 3501 §7.4.2, RFC 9051 §7.5.2).
 */
class StructureFetchTest {
    @TempDir Path dir;

    /** Messages of every shape the parser meets, by name. */
    static Map<String, byte[]> corpus() {
        Map<String, byte[]> m = new LinkedHashMap<>(MimeCorpus.wellFormed());
        m.put("missing-final-boundary", MimeCorpus.crlf(MimeCorpus.MISSING_FINAL_BOUNDARY));
        m.put("no-boundary", MimeCorpus.crlf(MimeCorpus.NO_BOUNDARY));
        m.put("eight-bit-headers", MimeCorpus.eightBitHeaders());
        m.put("bare-lf", MimeCorpus.bareLf());
        m.put("deep", MimeCorpus.deepNesting(40));
        m.put("huge-header", MimeCorpus.hugeHeader());
        m.put("no-blank-line", MimeCorpus.NO_BLANK_LINE.getBytes(StandardCharsets.US_ASCII));
        for (int seed = 1; seed <= 3; seed++) m.put("random-" + seed, MimeCorpus.random(seed, 1500));
        m.put("odd-strings", odd());
        m.put("odd-nested", oddNested());
        return m;
    }

    /** Quotes, backslashes, an empty subject field, a bare CR, a 1,500-byte string, and every extension field. */
    private static byte[] odd() {
        var out = new ByteArrayOutputStream();
        out.writeBytes(MimeCorpus.crlf("""
                From: "Quote \\"Q\\" Back\\\\slash" <q@example.org>, undisclosed-recipients:;
                To: Team: a@example.org, "B" <b@example.org>;, c@example.org
                Cc: =?utf-8?q?Caf=C3=A9?= <cafe@example.org>
                Subject:
                In-Reply-To: <x@example.org>
                Date: Tue, 3 Mar 2020 10:00:00 +0100
                X-Long: yes
                """));
        out.writeBytes(("Message-ID: <" + "m".repeat(1500) + "@example.org>\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes("Content-Description: caf\u00e9 \"desc\" a\rb\r\n".getBytes(StandardCharsets.UTF_8));
        out.writeBytes(MimeCorpus.crlf("""
                MIME-Version: 1.0
                Content-Type: TEXT/Plain; charset="us-ascii"; name="a \\"b\\".txt"; format=flowed
                Content-ID: <part@example.org>
                Content-Transfer-Encoding: 8bit
                Content-MD5: Q2hlY2sgSW50ZWdyaXR5IQ==
                Content-Disposition: attachment; filename="x y.txt"; size=12
                Content-Language: en, de, fr
                Content-Location: http://example.org/x

                caf\u00e9 line
                second
                """));
        return out.toByteArray();
    }

    /** message/rfc822 parts inside a multipart, one holding a multipart of its own, with single-language parts. */
    private static byte[] oddNested() {
        return MimeCorpus.crlf("""
                From: a@example.org
                Subject: "nested"
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary="o"
                Content-Language: en
                Content-Location: outer

                --o
                Content-Type: message/rfc822
                Content-Disposition: inline
                Content-Language: de

                From: Inner <inner@example.org>
                Subject: inner \\ one
                Content-Type: multipart/alternative; boundary="i"

                --i
                Content-Type: text/plain

                plain
                --i
                Content-Type: text/html; charset=utf-8
                Content-Transfer-Encoding: base64

                PGI+aGk8L2I+
                --i--
                --o
                Content-Type: message/global

                Subject: global

                body
                --o
                Content-Type: application/octet-stream
                Content-Disposition: attachment

                AAAA
                --o--
                """);
    }

    @Test void theWalkerWritesWhatTheRecordWriterWrites() {
        for (Map.Entry<String, byte[]> e : corpus().entrySet()) {
            byte[] stored = MessageStructure.parse(e.getValue()).withoutSearchData().toBytes();
            byte[] version2 = stored.clone();
            version2[0] = 2; // version 2 has the same envelope and part layout; what follows them differs
            for (byte[] form : List.of(stored, version2)) {
                MessageStructure s = MessageStructure.fromBytes(form);
                for (boolean ext : List.of(true, false)) {
                    Response expected = Response.untagged();
                    BodyStructureWriter.write(expected, s.root(), ext);
                    Response actual = Response.untagged();
                    StructureWire.body(form, ext, sink(actual));
                    assertThat(actual.toString()).as(e.getKey() + (ext ? " BODYSTRUCTURE" : " BODY"))
                            .isEqualTo(expected.toString());
                }
                Response expected = Response.untagged();
                BodyStructureWriter.envelope(expected, s.envelope());
                Response actual = Response.untagged();
                StructureWire.envelope(form, sink(actual));
                assertThat(actual.toString()).as(e.getKey() + " ENVELOPE").isEqualTo(expected.toString());
            }
        }
    }

    /** What APPEND renders ahead ({@link RenderedStructure}) is the walker's ENVELOPE and BODYSTRUCTURE, byte for byte. */
    @Test void theRenderedFormIsWhatTheWalkerWrites() {
        for (Map.Entry<String, byte[]> e : corpus().entrySet()) {
            byte[] stored = MessageStructure.parse(e.getValue()).withoutSearchData().toBytes();
            byte[] form = RenderedStructure.of(stored);
            assertThat(RenderedStructure.is(form)).isTrue();
            assertThat(RenderedStructure.is(stored)).as("a stored structure is not taken for a rendered one").isFalse();
            Response envelope = Response.untagged();
            StructureWire.envelope(stored, sink(envelope));
            Response body = Response.untagged();
            StructureWire.body(stored, true, sink(body));
            int at = RenderedStructure.envelopeOffset();
            int bs = RenderedStructure.bodyStructureOffset(form);
            assertThat(new String(form, at, RenderedStructure.envelopeLength(form), StandardCharsets.UTF_8))
                    .as(e.getKey() + " ENVELOPE").isEqualTo(envelope.toString().substring(2)); // after "* "
            assertThat(new String(form, bs, form.length - bs, StandardCharsets.UTF_8))
                    .as(e.getKey() + " BODYSTRUCTURE").isEqualTo(body.toString().substring(2));
        }
    }

    @Test void truncatedOrUnknownBytesAreRefused() {
        byte[] stored = MessageStructure.parse(MimeCorpus.crlf(MimeCorpus.MIXED)).withoutSearchData().toBytes();
        for (int cut : new int[] {0, 1, 7, stored.length / 2}) {
            byte[] part = java.util.Arrays.copyOf(stored, cut);
            assertThatThrownBy(() -> StructureWire.body(part, true, sink(Response.untagged())))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        byte[] future = stored.clone();
        future[0] = 9;
        assertThatThrownBy(() -> StructureWire.envelope(future, sink(Response.untagged())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version");
    }

    /** The same messages through a SQLite server (stored bytes) and a memory server (records): the same FETCH bytes. */
    @Test void sqliteAnswersByteForByteAsTheRecordPath() throws Exception {
        Map<String, byte[]> corpus = new LinkedHashMap<>(corpus());
        corpus.keySet().removeIf(k -> k.startsWith("random")); // NUL bytes: not an APPEND without literal8
        try (Satchel memory = Satchel.builder().imap(0).user("alice", "secret").start();
             Satchel sqlite = Satchel.builder().dataDirectory(dir).imap(0).user("alice", "secret").start()) {
            List<List<String>> answers = new ArrayList<>();
            for (Satchel server : List.of(memory, sqlite)) {
                try (TestClient c = TestClient.login(new java.net.InetSocketAddress(server.host(), server.imapPort()),
                        "alice", "secret")) {
                    int n = 0;
                    for (byte[] message : corpus.values()) {
                        String tag = "p" + n++;
                        c.announce(tag, "APPEND INBOX (\\Seen) \"06-Dec-2026 10:00:0" + n % 10 + " +0100\"", message.length);
                        c.write(message);
                        c.write("\r\n");
                        assertThat(c.until(tag + " ").getLast()).startsWith(tag + " OK");
                    }
                    c.ok("SELECT INBOX");
                    c.ok("STORE 2:4 +FLAGS.SILENT (\\Flagged $Work)");
                    List<String> lines = new ArrayList<>();
                    lines.addAll(c.ok("FETCH 1:* (UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE)"));
                    lines.addAll(c.ok("FETCH 1:* (BODY ENVELOPE)"));
                    lines.addAll(c.ok("UID FETCH 3:* (BODYSTRUCTURE)"));
                    lines.addAll(c.ok("FETCH 2,5 (ENVELOPE RFC822.SIZE BODY BODYSTRUCTURE FLAGS)"));
                    answers.add(lines);
                }
            }
            assertThat(answers.get(0)).hasSize(3 * corpus.size());
            assertThat(answers.get(1)).containsExactlyElementsOf(answers.get(0));
            assertThat(String.join("\n", answers.get(1))).contains("{1514}", "NIL");
        }
    }

    /** Writes the walker's items through {@link Response}'s own methods: what the record writer would call. */
    private static StructureWire.Sink sink(Response r) {
        return new StructureWire.Sink() {
            @Override public void open() { r.open(); }

            @Override public void openTight() { r.raw("("); }

            @Override public void close() { r.close(); }

            @Override public void nil() { r.nil(); }

            @Override public void string(byte[] b, int off, int len) {
                r.string(java.util.Arrays.copyOfRange(b, off, off + len));
            }

            @Override public void number(long n) { r.number(n); }
        };
    }
}
