package satchel.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** RFC 5092 message and part URLs as CATENATE (RFC 4469 §3) reads them. */
class ImapUrlTest {
    @Test
    void relativeToTheServer() throws Exception {
        ImapUrl u = ImapUrl.parse("/Drafts;UIDVALIDITY=385759045/;UID=20/;section=1.MIME");
        assertThat(u.user()).isEmpty();
        assertThat(u.mailbox()).contains("Drafts");
        assertThat(u.uidValidity()).isEqualTo(OptionalLong.of(385759045));
        assertThat(u.uid()).isEqualTo(20);
        assertThat(u.section()).isEqualTo(new FetchItem.Section(List.of(1), FetchItem.SectionText.MIME, List.of()));
        assertThat(u.partial()).isEmpty();
    }

    @Test
    void relativeToTheSelectedMailboxWithPartial() throws Exception {
        ImapUrl u = ImapUrl.parse(";uid=7/;PARTIAL=100.20");
        assertThat(u.mailbox()).isEmpty();
        assertThat(u.uid()).isEqualTo(7);
        assertThat(u.section()).isEqualTo(FetchItem.Section.whole());
        assertThat(u.partial()).contains(new FetchItem.Partial(100, 20));
    }

    @Test
    void absoluteWithAuthAndEncodedNames() throws Exception {
        ImapUrl u = ImapUrl.parse("imap://z%C3%B6e;AUTH=*@mail.example.org:143/Sent%20Items/%E6%97%A5/;UID=3/;SECTION=HEADER.FIELDS%20(SUBJECT%20FROM)");
        assertThat(u.user()).contains("zöe");
        assertThat(u.mailbox()).contains("Sent Items/日");
        assertThat(u.section()).isEqualTo(new FetchItem.Section(List.of(), FetchItem.SectionText.HEADER_FIELDS,
                List.of("SUBJECT", "FROM")));
        assertThat(ImapUrl.parse("/INBOX/;UID=1/;PARTIAL=5").partial()).contains(new FetchItem.Partial(5, Long.MAX_VALUE));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "INBOX/;UID=1", "/INBOX", "/INBOX/;UID=0", "/INBOX/;UID=x", "/INBOX/;UID=1/;UID=2",
            "/INBOX/;UID=1/;SECTION=2.BOGUS", "/INBOX/;UID=1/;URLAUTH=anonymous:internal:00", "/INBOX?SUBJECT%20x",
            "imap://host/INBOX/;UID=1", "imap://;AUTH=*@host/INBOX/;UID=1", "/%ZZ/;UID=1", "/%FF/;UID=1",
            "/INBOX;UIDVALIDITY=0/;UID=1", "/INBOX/;SECTION=1", "http://example.org/", "/INBOX/;UID=1/;PARTIAL=.5"})
    void notAMessageUrl(String url) {
        assertThatThrownBy(() -> ImapUrl.parse(url)).isInstanceOf(ImapUrl.Invalid.class);
    }

    @Test
    void noUserMeansNone() throws Exception {
        assertThat(ImapUrl.parse("/a/b/;UID=1").user()).isEqualTo(Optional.empty());
    }
}
