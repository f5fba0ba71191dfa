package satchel.session;

import static org.assertj.core.api.Assertions.assertThat;
import static satchel.mime.MimeCorpus.crlf;
import static satchel.session.FetchTesting.body;
import static satchel.session.FetchTesting.bodystructure;

import org.junit.jupiter.api.Test;
import satchel.mime.MimeCorpus;

/** RFC 3501 §7.4.2 BODY / BODYSTRUCTURE for the corpus, written out in full. */
class BodyStructureTest {
    @Test void plainTextWithExplicitCharset() {
        assertThat(bodystructure(crlf(MimeCorpus.PLAIN)))
                .isEqualTo("(\"TEXT\" \"PLAIN\" (\"charset\" \"US-ASCII\") NIL NIL \"7BIT\" 55 1 NIL NIL NIL NIL)");
        assertThat(body(crlf(MimeCorpus.PLAIN)))
                .isEqualTo("(\"TEXT\" \"PLAIN\" (\"charset\" \"US-ASCII\") NIL NIL \"7BIT\" 55 1)");
    }

    @Test void alternativeWithQuotedPrintable() {
        assertThat(bodystructure(crlf(MimeCorpus.ALTERNATIVE))).isEqualTo(
                "((\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"quoted-printable\" 81 1 NIL NIL NIL NIL)"
                + "(\"text\" \"html\" (\"charset\" \"utf-8\") NIL NIL \"quoted-printable\" 45 0 NIL NIL NIL NIL)"
                + " \"alternative\" (\"boundary\" \"b1\") NIL NIL NIL)");
        assertThat(body(crlf(MimeCorpus.ALTERNATIVE))).isEqualTo(
                "((\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"quoted-printable\" 81 1)"
                + "(\"text\" \"html\" (\"charset\" \"utf-8\") NIL NIL \"quoted-printable\" 45 0) \"alternative\")");
    }

    @Test void mixedWithAttachmentsAndAllExtensionData() {
        assertThat(bodystructure(crlf(MimeCorpus.MIXED))).isEqualTo(
                "((\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7BIT\" 24 0 NIL NIL NIL NIL)"
                + "(\"application\" \"pdf\" (\"name\" \"report.pdf\") \"<pdf1@example.org>\" \"Quarterly report\""
                + " \"base64\" 20 NIL (\"attachment\" (\"filename\" \"report.pdf\" \"size\" \"12\")) NIL NIL)"
                + "(\"text\" \"plain\" (\"charset\" \"iso-8859-1\") NIL NIL \"quoted-printable\" 25 0"
                + " \"Q2hlY2sgSW50ZWdyaXR5IQ==\" (\"attachment\" (\"filename*\" \"iso-8859-1''r%E9sum%E9.txt\"))"
                + " (\"fr\" \"en\") \"http://example.org/resume\")"
                + " \"mixed\" (\"boundary\" \"outer\") NIL NIL NIL)");
    }

    @Test void nestedMessageCarriesEnvelopeStructureAndLines() {
        String inner = "(\"Mon, 2 Mar 2020 12:00:00 +0000\" \"Inner\" ((\"Carol\" NIL \"carol\" \"example.net\"))"
                + " ((\"Carol\" NIL \"carol\" \"example.net\")) ((\"Carol\" NIL \"carol\" \"example.net\"))"
                + " ((NIL NIL \"ann\" \"example.org\")) NIL NIL NIL \"<inner@example.net>\")";
        assertThat(bodystructure(crlf(MimeCorpus.NESTED))).isEqualTo(
                "((\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7BIT\" 16 0 NIL NIL NIL NIL)"
                + "(\"message\" \"rfc822\" NIL NIL NIL \"7BIT\" 312 " + inner
                + " ((\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7BIT\" 11 0 NIL NIL NIL NIL)"
                + "(\"text\" \"html\" (\"charset\" \"us-ascii\") NIL NIL \"7BIT\" 17 0 NIL NIL NIL NIL)"
                + " \"alternative\" (\"boundary\" \"inner\") NIL NIL NIL) 16 NIL (\"inline\" NIL) NIL NIL)"
                + " \"mixed\" (\"boundary\" \"fwd\") NIL NIL NIL)");
        assertThat(body(crlf(MimeCorpus.NESTED))).isEqualTo(
                "((\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7BIT\" 16 0)"
                + "(\"message\" \"rfc822\" NIL NIL NIL \"7BIT\" 312 " + inner
                + " ((\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7BIT\" 11 0)"
                + "(\"text\" \"html\" (\"charset\" \"us-ascii\") NIL NIL \"7BIT\" 17 0) \"alternative\") 16) \"mixed\")");
    }

    @Test void signedKeepsFoldedParameters() {
        assertThat(bodystructure(crlf(MimeCorpus.SIGNED))).isEqualTo(
                "((\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 12 0 NIL NIL NIL NIL)"
                + "(\"application\" \"pgp-signature\" (\"name\" \"signature.asc\") NIL \"OpenPGP digital signature\""
                + " \"7BIT\" 76 NIL (\"attachment\" (\"filename\" \"signature.asc\")) NIL NIL)"
                + " \"signed\" (\"micalg\" \"pgp-sha256\" \"protocol\" \"application/pgp-signature\" \"boundary\" \"sig\")"
                + " NIL NIL NIL)");
    }

    @Test void calendarInvite() {
        assertThat(bodystructure(crlf(MimeCorpus.CALENDAR))).isEqualTo(
                "((\"text\" \"plain\" (\"charset\" \"UTF-8\") NIL NIL \"7BIT\" 28 0 NIL NIL NIL NIL)"
                + "(\"text\" \"calendar\" (\"charset\" \"UTF-8\" \"method\" \"REQUEST\") NIL NIL \"7bit\" 116 6"
                + " NIL NIL NIL NIL) \"alternative\" (\"boundary\" \"cal\") NIL NIL NIL)");
    }

    @Test void internationalBodies() {
        assertThat(bodystructure(crlf(MimeCorpus.intl()))).isEqualTo(
                "((\"text\" \"plain\" (\"charset\" \"ISO-8859-1\") NIL NIL \"quoted-printable\" 26 0 NIL NIL NIL NIL)"
                + "(\"text\" \"plain\" (\"charset\" \"UTF-8\") NIL NIL \"base64\" 52 0 NIL NIL NIL NIL)"
                + " \"mixed\" (\"boundary\" \"i18n\") NIL NIL NIL)");
    }

    @Test void missingFinalBoundaryEndsLastPartAtEndOfMessage() {
        assertThat(bodystructure(crlf(MimeCorpus.MISSING_FINAL_BOUNDARY))).isEqualTo(
                "((\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7BIT\" 3 0 NIL NIL NIL NIL)"
                + "(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7BIT\" 19 1 NIL NIL NIL NIL)"
                + " \"mixed\" (\"boundary\" \"x\") NIL NIL NIL)");
    }

    @Test void multipartWithoutBoundaryIsText() {
        assertThat(bodystructure(crlf(MimeCorpus.NO_BOUNDARY)))
                .isEqualTo("(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7BIT\" 16 2 NIL NIL NIL NIL)");
    }

    @Test void bareLineFeedsCountAsStored() {
        assertThat(body(MimeCorpus.bareLf())).isEqualTo(
                "((\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"quoted-printable\" 80 1)"
                + "(\"text\" \"html\" (\"charset\" \"utf-8\") NIL NIL \"quoted-printable\" 45 0) \"alternative\")");
    }

    @Test void headersOnlyAndEmptyMessagesHaveAnEmptyDefaultBody() {
        String empty = "(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7BIT\" 0 0 NIL NIL NIL NIL)";
        assertThat(bodystructure(MimeCorpus.NO_BLANK_LINE.getBytes())).isEqualTo(empty);
        assertThat(bodystructure(new byte[0])).isEqualTo(empty);
    }

    @Test void multipartWithNoPartsGetsOneEmptyPart() {
        byte[] m = crlf("Content-Type: multipart/mixed; boundary=z\n\nno delimiter at all\n");
        assertThat(body(m)).isEqualTo("((\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7BIT\" 0 0) \"mixed\")");
    }

    @Test void nestingDeeperThanTheCapBecomesText() {
        String s = body(MimeCorpus.deepNesting(200));
        // 64 multipart levels (depth 0..63), then the rest of the message as one text part
        assertThat(s).startsWith("(".repeat(65) + "\"text\" \"plain\" (\"charset\" \"us-ascii\")");
        assertThat(s).endsWith(")" + " \"mixed\")".repeat(64));
    }

    @Test void digestPartsDefaultToMessageRfc822() {
        byte[] m = crlf("""
                Content-Type: multipart/digest; boundary=dg

                --dg

                Subject: one

                first
                --dg--
                """);
        assertThat(body(m)).isEqualTo("((\"message\" \"rfc822\" NIL NIL NIL \"7BIT\" 21"
                + " (NIL \"one\" NIL NIL NIL NIL NIL NIL NIL NIL)"
                + " (\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7BIT\" 5 0) 2) \"digest\")");
    }

    @Test void encodedMessageRfc822IsOpaqueData() {
        byte[] m = crlf("Content-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\nU3ViamVjdDogeA0KDQp5\n");
        assertThat(body(m)).isEqualTo("(\"application\" \"octet-stream\" NIL NIL NIL \"base64\" 22)");
    }

    @Test void messagesNestedBeyondTheCapBecomeText() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 100; i++) b.append("Content-Type: message/rfc822\n\n");
        b.append("Subject: bottom\n\nx\n");
        String s = body(crlf(b.toString()));
        assertThat(s).contains("(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7BIT\" ");
        assertThat(s.chars().filter(c -> c == '(').count()).isGreaterThan(64 * 2);
    }
}
