package satchel.session;

import static org.assertj.core.api.Assertions.assertThat;
import static satchel.mime.MimeCorpus.crlf;
import static satchel.session.FetchTesting.envelope;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import satchel.mime.MimeCorpus;

/** RFC 3501 §7.4.2 ENVELOPE, written out in full. */
class EnvelopeTest {
    @Test void senderAndReplyToDefaultToFrom() {
        String fred = "((\"Fred Foobar\" NIL \"foobar\" \"Blurdybloop.example\"))";
        assertThat(envelope(crlf(MimeCorpus.PLAIN))).isEqualTo("(\"Mon, 7 Feb 1994 21:52:25 -0800 (PST)\""
                + " \"afternoon meeting\" " + fred + " " + fred + " " + fred
                + " ((NIL NIL \"mooch\" \"owatagu.siam.example\")) NIL NIL NIL \"<B27397-0100000@Blurdybloop.example>\")");
    }

    @Test void quotedNamesListsAndInReplyTo() {
        String ann = "((\"Ann Example\" NIL \"ann\" \"example.org\"))";
        assertThat(envelope(crlf(MimeCorpus.ALTERNATIVE))).isEqualTo("(\"Tue, 3 Mar 2020 10:00:00 +0100\" \"Lunch\" "
                + ann + " " + ann + " " + ann
                + " ((\"Bob\" NIL \"bob\" \"example.net\")(NIL NIL \"carol\" \"example.net\"))"
                + " ((\"Dave, Jr.\" NIL \"dave\" \"example.com\")) NIL \"<prev@example.net>\" \"<alt-1@example.org>\")");
    }

    @Test void encodedWordsArePassedThroughAsSent() {
        String andre = "((\"=?ISO-8859-1?Q?Andr=E9?= Pirard\" NIL \"PIRARD\" \"vm1.ulg.ac.be\"))";
        assertThat(envelope(crlf(MimeCorpus.intl()))).isEqualTo("(\"Sat, 7 Mar 2020 07:07:07 +0900\""
                + " \"=?UTF-8?B?R3LDvMOfZSBhdXMgS8O2bG4=?=\" " + andre + " " + andre + " " + andre
                + " ((\"=?Shift_JIS?B?jlKTY5G+mFk=?=\" NIL \"yamada\" \"example.jp\")) NIL NIL NIL NIL)");
    }

    @Test void groupsCommentsAndBrokenAddresses() {
        String ann = "((NIL NIL \"ann\" \"example.org\"))";
        assertThat(envelope(crlf(MimeCorpus.GROUPS))).isEqualTo("(\"8 Mar 20 12:00 GMT\" \"Groups\" " + ann + " " + ann
                + " ((NIL NIL \"MISSING_MAILBOX\" \"MISSING_DOMAIN\"))"
                + " ((NIL NIL \"undisclosed-recipients\" NIL)(NIL NIL NIL NIL))"
                + " ((NIL NIL \"Friends\" NIL)(NIL NIL \"a\" \"example.com\")(\"Quoted, Name\" NIL \"b\" \"example.com\")"
                + "(NIL NIL NIL NIL)(NIL NIL \"c\" \"example.com\"))"
                + " ((\"Hidden Person\" NIL \"hidden\" \"example.com\")) NIL NIL)");
    }

    @Test void sourceRoutesAndQuotedLocalParts() {
        byte[] m = crlf("From: Route <@relay.example,@hop.example:joe@example.com>\nTo: \"john doe\"@example.com\n\n");
        assertThat(envelope(m)).isEqualTo("(NIL NIL ((\"Route\" \"@relay.example,@hop.example\" \"joe\" \"example.com\"))"
                + " ((\"Route\" \"@relay.example,@hop.example\" \"joe\" \"example.com\"))"
                + " ((\"Route\" \"@relay.example,@hop.example\" \"joe\" \"example.com\"))"
                + " ((NIL NIL \"\\\"john doe\\\"\" \"example.com\")) NIL NIL NIL NIL)");
    }

    @Test void foldedSubjectIsUnfolded() {
        byte[] m = crlf("Subject: a long\n  folded subject\n\nx");
        assertThat(envelope(m)).isEqualTo("(NIL \"a long  folded subject\" NIL NIL NIL NIL NIL NIL NIL NIL)");
    }

    @Test void eightBitHeadersGoOutAsLiterals() {
        assertThat(envelope(MimeCorpus.eightBitHeaders())).isEqualTo("(NIL {7}\r\nGrüße (({6}\r\nAndré NIL \"andre\""
                + " \"example.org\")) (({6}\r\nAndré NIL \"andre\" \"example.org\")) (({6}\r\nAndré NIL \"andre\""
                + " \"example.org\")) NIL NIL NIL NIL NIL)");
        assertThat("Grüße".getBytes(StandardCharsets.UTF_8)).hasSize(7);
    }

    @Test void emptyMessageHasAllNil() {
        assertThat(envelope(new byte[0])).isEqualTo("(NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL)");
    }

    @Test void hugeHeaderStillYieldsTheFieldsAfterIt() {
        assertThat(envelope(MimeCorpus.hugeHeader()))
                .isEqualTo("(NIL \"huge\" NIL NIL NIL ((NIL NIL \"last\" \"example.org\")) NIL NIL NIL NIL)");
    }
}
