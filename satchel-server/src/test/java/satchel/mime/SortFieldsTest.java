package satchel.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SORT/THREAD keys kept in a message structure: RFC 5256 §2.2 dates, §3 addresses and ids, RFC 5957 names. */
class SortFieldsTest {
    static SortFields of(String header) {
        return MessageStructure.parse((header.replace("\n", "\r\n") + "\r\nbody\r\n").getBytes(StandardCharsets.UTF_8))
                .sortFields();
    }

    @Test void sentDateIsNormalisedToUtc() {
        // RFC 5256 §2.2's own example
        assertThat(of("Date: 31 Dec 2000 16:01:33 -0800\n").sent()).isEqualTo(Instant.parse("2001-01-01T00:01:33Z"));
        assertThat(of("Date: Fri, 22 Feb 2008 02:00:00 +0200 (EET)\n").sent()).isEqualTo(Instant.parse("2008-02-22T00:00:00Z"));
    }

    @Test void obsoleteZonesAndYears() {
        assertThat(of("Date: 1 Jan 99 12:00 EST\n").sent()).isEqualTo(Instant.parse("1999-01-01T17:00:00Z"));
        assertThat(of("Date: 1 Jan 2001 12:00:00 XYZ\n").sent()).as("unknown zone: UTC")
                .isEqualTo(Instant.parse("2001-01-01T12:00:00Z"));
        assertThat(of("Date: 1 Jan 2001 99:99\n").sent()).as("bad time: midnight")
                .isEqualTo(Instant.parse("2001-01-01T00:00:00Z"));
    }

    @Test void noReadableDateMeansNoSentDate() {
        assertThat(of("Subject: x\n").sentDate()).isEmpty();
        assertThat(of("Date: soon\n").sentDate()).isEmpty();
    }

    @Test void addressKeysAreTheFirstMailboxCasemapped() {
        SortFields f = of("From: Alice <alice@example.org>, bob@example.org\nTo: carol@x\nCc: Dave@y\n");
        assertThat(f.from()).isEqualTo("ALICE");
        assertThat(f.to()).isEqualTo("CAROL");
        assertThat(f.cc()).isEqualTo("DAVE");
        assertThat(of("Subject: none\n").from()).isEmpty();
    }

    @Test void aGroupSortsByItsName() {
        assertThat(of("Cc: user2: blah@domain1.org;\n").cc()).isEqualTo("USER2");
        assertThat(of("To: empty:;\n").displayTo()).isEqualTo("EMPTY");
    }

    @Test void displayNameIsDecodedOrTheAddress() {
        assertThat(of("From: =?iso-8859-1?q?J=F6rg?= <j@x.org>\n").displayFrom()).isEqualTo(Casemap.key("Jörg"));
        assertThat(of("From: \"Zed\" <z@x.org>\n").displayFrom()).isEqualTo("ZED");
        assertThat(of("From: b@c.d\n").displayFrom()).isEqualTo("B@C.D");
        assertThat(of("To: x@y (Comment)\n").displayTo()).as("a trailing comment is the name, as ENVELOPE has it")
                .isEqualTo("COMMENT");
    }

    @Test void messageIdsAreNormalised() {
        // RFC 5256 §3 REFERENCES: quoting must not make two ids differ
        assertThat(of("Message-ID: <\"01KF8JCEOCBS0045PS\"@xxx.yyy.com>\n").messageId())
                .isEqualTo(of("Message-ID: <01KF8JCEOCBS0045PS@xxx.yyy.com>\n").messageId())
                .isEqualTo("01KF8JCEOCBS0045PS@xxx.yyy.com");
        assertThat(of("Message-ID: not-an-id\n").messageId()).isNull();
    }

    @Test void referencesWinOverInReplyTo() {
        assertThat(of("References: <a@x> junk <b@x>\nIn-Reply-To: <c@x>\n").references()).containsExactly("a@x", "b@x");
        assertThat(of("In-Reply-To: <c@x> (sent by Bob <bob@x>)\n").references()).containsExactly("c@x");
        assertThat(of("References: nothing valid\nIn-Reply-To: <c@x>\n").references()).containsExactly("c@x");
        assertThat(of("Subject: root\n").references()).isEmpty();
    }

    @Test void roundTripsThroughTheStoredForm() {
        MessageStructure s = MessageStructure.parse(
                "Subject: Re: x\r\nReferences: <a@b>\r\nDate: 1 Jan 2001 00:00 +0000\r\n\r\nb\r\n".getBytes(StandardCharsets.UTF_8));
        MessageStructure back = MessageStructure.fromBytes(s.toBytes());
        assertThat(back.sortFields()).isEqualTo(s.sortFields());
        assertThat(back).isEqualTo(s);
        assertThat(MessageStructure.fromBytes(s.withoutSearchData().toBytes()).sortFields()).isEqualTo(s.sortFields());
    }

    @Test void aVersion2StructureStillReadsAndDerivesItsKeysFromTheEnvelope() throws Exception {
        MessageStructure s = MessageStructure.parse(("Subject: Fwd: plan\r\nFrom: Ann <ann@x>\r\n"
                + "In-Reply-To: <p@x>\r\nReferences: <r@x>\r\n\r\nb\r\n").getBytes(StandardCharsets.UTF_8));
        byte[] v3 = s.toBytes();
        int tail = 1 + 4 + StructureCodec.sortFieldsBytes(s.sortFields()).length + 1; // tag, length, body, end
        byte[] v2 = Arrays.copyOf(v3, v3.length - tail);
        v2[0] = 2;
        SortFields old = MessageStructure.fromBytes(v2).sortFields();
        assertThat(old.subject()).isEqualTo("PLAN");
        assertThat(old.displayFrom()).isEqualTo("ANN");
        assertThat(old.references()).as("References was not kept before: In-Reply-To stands in").isEqualTo(List.of("p@x"));
        assertThat(MessageStructure.fromBytes(v2).envelope()).isEqualTo(s.envelope());
    }

    @Test void unknownSectionsAreSkipped() {
        MessageStructure s = MessageStructure.parse("Subject: a\r\n\r\nb\r\n".getBytes(StandardCharsets.UTF_8));
        byte[] v3 = s.toBytes();
        byte[] extra = Arrays.copyOf(v3, v3.length + 8);
        // replace the end marker by a section 'Z' of 3 bytes, then end
        int end = v3.length - 1;
        extra[end] = 'Z';
        extra[end + 1] = 0; extra[end + 2] = 0; extra[end + 3] = 0; extra[end + 4] = 3;
        extra[end + 5] = 1; extra[end + 6] = 2; extra[end + 7] = 3;
        extra[end + 8] = 0;
        assertThat(MessageStructure.fromBytes(extra)).isEqualTo(s);
    }
}
